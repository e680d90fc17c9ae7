import { describe, expect, it } from "vitest";
import { expiredSignInUrl } from "./expired-sign-in-url";
import { safeCallbackUrl } from "./safe-callback-url";

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
});

describe("expiredSignInUrl", () => {
  it("adds a same-site callbackUrl only", () => {
    expect(expiredSignInUrl("/jobs?ns=a")).toBe("/sign-in?error=expired&callbackUrl=%2Fjobs%3Fns%3Da");
    expect(expiredSignInUrl("//evil.example")).toBe("/sign-in?error=expired");
    expect(expiredSignInUrl()).toBe("/sign-in?error=expired");
  });
});
