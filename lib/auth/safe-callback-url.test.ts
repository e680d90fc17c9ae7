import { describe, expect, it } from "vitest";
import { expiredSignInUrl } from "./expired-sign-in-url";
import { safeAuthRedirect, safeCallbackUrl } from "./safe-callback-url";

// issue 11: each of these left the site (browsers strip tabs/newlines and read `\\` as `/`) or
// made the redirect answer 500 (CR/LF/NUL in a Location header).
const hostile = [
  "/\\127.0.0.1:9/x", "/\\/evil.example", "\\\\evil.example", "/\t/127.0.0.1:9/x", "\t//evil.example", "//evil.example",
  "///evil.example", "https://evil.example/", "https:evil.example", "https:/evil.example", "HTTP://evil.example",
  "/jobs\r\nSet-Cookie: x=1", "/jobs\nx", "/jobs\u0000", "/\u0000/evil.example", "/jobs\u007f",
  "/%09/127.0.0.1:9/x", "/%5C127.0.0.1:9/x", "/%5c%5cevil.example", "/%2F%2Fevil.example", "/%2Fevil.example",
  "/%0d%0aSet-Cookie:x", "/%00", "/%252F%252Fevil.example", "/%E0%A4%A", "/%", " /jobs", "data:text/html,x",
];

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/jobs?ns=alice")).toBe("/jobs?ns=alice");
    expect(safeCallbackUrl("http://localhost:3000/jobs/a/b", "http://localhost:3000")).toBe("/jobs/a/b");
  });

  it("sends everything else to /", () => {
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "jobs", "", null, 42, "/sign-in?x=1", "/api/auth/signout"]) {
      expect(safeCallbackUrl(bad), String(bad)).toBe("/");
    }
    expect(safeCallbackUrl("http://evil.example/jobs", "http://localhost:3000")).toBe("/");
  });


  it.each(hostile)("refuses %j without throwing", (bad) => {
    expect(safeCallbackUrl(bad)).toBe("/");
    expect(safeCallbackUrl(bad, "http://localhost:3000")).toBe("/");
  });

  it("keeps percent-encoded paths that stay on the site", () => {
    expect(safeCallbackUrl("/jobs/alice/abc?q=a%20b")).toBe("/jobs/alice/abc?q=a%20b");
    expect(safeCallbackUrl("/jobs#x")).toBe("/jobs#x");
  });
});

describe("safeAuthRedirect (the Auth.js redirect callback)", () => {
  const baseUrl = "http://localhost:3000";
  it("keeps this site's paths, the sign-in page included", () => {
    expect(safeAuthRedirect({ url: "/jobs", baseUrl })).toBe("http://localhost:3000/jobs");
    expect(safeAuthRedirect({ url: "/sign-in?signedOut=1", baseUrl })).toBe("http://localhost:3000/sign-in?signedOut=1");
    expect(safeAuthRedirect({ url: "http://localhost:3000/scheduled", baseUrl })).toBe("http://localhost:3000/scheduled");
  });
  it.each(hostile)("sends %j to the base URL", (bad) => {
    expect(safeAuthRedirect({ url: bad, baseUrl })).toBe("http://localhost:3000");
  });
});

describe("expiredSignInUrl", () => {
  it("adds a same-site callbackUrl only", () => {
    expect(expiredSignInUrl("/jobs?ns=a")).toBe("/sign-in?error=expired&callbackUrl=%2Fjobs%3Fns%3Da");
    expect(expiredSignInUrl("//evil.example")).toBe("/sign-in?error=expired");
    expect(expiredSignInUrl()).toBe("/sign-in?error=expired");
  });
});
