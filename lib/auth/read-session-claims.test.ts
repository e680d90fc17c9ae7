import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readSessionClaims } from "./read-session-claims";
import { setRevocationDir } from "./revoked-sessions";

/** readSessionClaims keeps decoded cookies for a while (issue 15 item 3); what it keeps must not outlive the cookie. */
const SECRET = "read-claims-test-secret-0123456789abcdef";
const COOKIE = "authjs.session-token";

async function cookie(sid: string, maxAge: number, name = "local-user"): Promise<string> {
  const token = { sub: "x", sid, hfToken: "hf_readclaimstest", hfTokenExpiresAt: null, hubUser: { name }, namespaces: [name], via: "token" };
  return `${COOKIE}=${await encode({ token, secret: SECRET, salt: COOKIE, maxAge })}`;
}
const read = (cookieHeader: string, secret = SECRET) => readSessionClaims({ headers: new Headers({ cookie: cookieHeader }), secret });

beforeAll(() => setRevocationDir(mkdtempSync(join(tmpdir(), "read-claims-"))));
afterEach(() => vi.useRealTimers());

describe("readSessionClaims", () => {
  it("reads the same cookie again, each cookie its own claims", async () => {
    const a = await cookie("a".repeat(32), 3600, "user-a");
    const b = await cookie("b".repeat(32), 3600, "user-b");
    expect((await read(a))?.hubUser.name).toBe("user-a");
    expect((await read(a))?.hubUser.name).toBe("user-a");
    expect((await read(b))?.hubUser.name).toBe("user-b");
    // Another secret does not get the kept result.
    expect(await read(a, "another-secret-0123456789abcdef-xyz")).toBeNull();
  });

  it("refuses a cookie once it has expired, even right after it was read", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const c = await cookie("c".repeat(32), 30);
    expect(await read(c)).not.toBeNull();
    // Past its expiry and Auth.js's 15 s clock tolerance, but inside the 60 s the decoded cookie may be kept.
    vi.setSystemTime(Date.now() + 50_000);
    expect(await read(c)).toBeNull();
  });
});
