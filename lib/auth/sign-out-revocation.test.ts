import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode, encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { isSessionRevoked, setRevocationDir } from "./revoked-sessions";

/**
 * Issue 11 item 6: a session cookie captured before sign-out is refused afterwards. The sign-out goes
 * through Auth.js's own `POST /api/auth/signout` (CSRF token and all), whose `signOut` event records
 * the revocation; the captured cookie is then replayed at the request proxy and refused with 401.
 */
const SECRET = "revocation-test-secret-0123456789abcdef";
const COOKIE = "authjs.session-token";
const BASE = "http://localhost:3000";

let dir: string;
beforeAll(() => {
  process.env.AUTH_SECRET = SECRET;
  process.env.AUTH_URL = BASE;
  dir = mkdtempSync(join(tmpdir(), "revoked-"));
  setRevocationDir(dir);
});

async function sessionCookie(sid: string): Promise<string> {
  const token = {
    sub: "x", sid, hfToken: "hf_revocationtest", hfTokenExpiresAt: null, hubUser: { name: "local-user" },
    namespaces: ["local-user"], via: "token",
  };
  return `${COOKIE}=${await encode({ token, secret: SECRET, salt: COOKIE, maxAge: 3600 })}`;
}

async function proxied(path: string, cookie: string) {
  const { proxy } = await import("@/proxy");
  return proxy(new NextRequest(`${BASE}${path}`, { headers: { cookie } }));
}

/** Signs out as the browser would: GET the CSRF token, then POST it to /api/auth/signout with the cookies. */
async function signOutWith(sessionCookieHeader: string): Promise<Response> {
  const { handlers } = await import("./auth");
  const csrfRes = await handlers.GET(new NextRequest(`${BASE}/api/auth/csrf`, { headers: { cookie: sessionCookieHeader } }));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return handlers.POST(
    new NextRequest(`${BASE}/api/auth/signout`, {
      method: "POST",
      headers: { cookie: `${sessionCookieHeader}; ${csrfCookie}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/sign-in?signedOut=1" }).toString(),
    }),
  );
}

describe("sign-out means out", () => {
  it("a cookie copied before sign-out gets 401 afterwards; another session stays signed in", async () => {
    const captured = await sessionCookie("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const other = await sessionCookie("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    expect((await proxied("/api/jobs/local-user", captured)).headers.get("x-middleware-next")).toBe("1");

    const out = await signOutWith(captured);
    expect(out.status).toBeLessThan(400);
    expect(isSessionRevoked("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).toBe(true);

    const replay = await proxied("/api/jobs/local-user", captured);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: "unauthenticated" } });
    expect((await proxied("/jobs", captured)).status).toBe(307);
    expect((await proxied("/api/jobs/local-user", other)).headers.get("x-middleware-next")).toBe("1");
  });

  it("the record is on disk: after a restart (memory dropped, same folder) the cookie is still refused", async () => {
    const { readSessionClaims } = await import("./read-session-claims");
    const captured = await sessionCookie("cccccccccccccccccccccccccccccccc");
    const read = () => readSessionClaims({ headers: new Headers({ cookie: captured }), secret: SECRET });
    expect(await read()).not.toBeNull();
    await signOutWith(captured);
    setRevocationDir(dir); // forgets the in-memory copy, as a restarted app would
    expect(await read()).toBeNull();
    setRevocationDir(mkdtempSync(join(tmpdir(), "revoked-other-"))); // an app with another data folder
    expect(await read()).not.toBeNull();
    setRevocationDir(dir);
  });

  it("rolling renewal keeps the session id: a cookie renewed after sign-out is still refused", async () => {
    const { handlers } = await import("./auth");
    const { readSessionClaims } = await import("./read-session-claims");
    const captured = await sessionCookie("dddddddddddddddddddddddddddddddd");
    const renewed = await handlers.GET(new NextRequest(`${BASE}/api/auth/session`, { headers: { cookie: captured } }));
    const setCookie = renewed.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`)) ?? "";
    const fresh = setCookie.split(";")[0] ?? "";
    const token = await decode({ token: fresh.slice(COOKIE.length + 1), secret: SECRET, salt: COOKIE });
    expect(token?.sid).toBe("dddddddddddddddddddddddddddddddd");
    await signOutWith(captured);
    expect(await readSessionClaims({ headers: new Headers({ cookie: fresh }), secret: SECRET })).toBeNull();
  });
});
