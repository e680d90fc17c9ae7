import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

const SECRET = "proxy-test-secret-0123456789abcdef01234";
const COOKIE = "authjs.session-token";

beforeAll(() => {
  process.env.AUTH_SECRET = SECRET;
});

async function sessionCookie(overrides: Record<string, unknown> = {}): Promise<string> {
  const token = {
    sub: "x", hfToken: "hf_proxytest", hfTokenExpiresAt: null, hubUser: { name: "local-user" },
    namespaces: ["local-user"], via: "token", ...overrides,
  };
  return `${COOKIE}=${await encode({ token, secret: SECRET, salt: COOKIE })}`;
}

async function run(path: string, cookie?: string) {
  const { proxy } = await import("@/proxy");
  return proxy(new NextRequest(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} }));
}

describe("the request proxy (proxy.ts)", () => {
  it("lets a signed-in request through WITHOUT re-issuing the session cookie", async () => {
    // A refreshed Set-Cookie on an in-flight poll would undo a sign-out that completes meanwhile.
    const res = await run("/jobs", await sessionCookie());
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("sends signed-out page requests to sign-in with the callback URL, and answers 401 JSON on /api", async () => {
    const page = await run("/jobs?stage=RUNNING");
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "").search).toBe(`?callbackUrl=${encodeURIComponent("/jobs?stage=RUNNING")}`);
    const api = await run("/api/jobs/local-user");
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });
  });

  it("treats a cookie sealed with another secret as signed out, and an expired Hub token as expired", async () => {
    const foreign = `${COOKIE}=${await encode({ token: { sub: "x" }, secret: "another-secret-another-secret-xx", salt: COOKIE })}`;
    expect((await run("/jobs", foreign)).status).toBe(307);
    const expired = await run("/jobs", await sessionCookie({ hfTokenExpiresAt: Date.now() - 1000 }));
    expect(new URL(expired.headers.get("location") ?? "").searchParams.get("error")).toBe("expired");
  });

  it("leaves public paths and server actions to themselves", async () => {
    expect((await run("/sign-in")).headers.get("x-middleware-next")).toBe("1");
    expect((await run("/api/health")).headers.get("x-middleware-next")).toBe("1");
  });
});
