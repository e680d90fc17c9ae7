import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startLocalHub, type RunningLocalHub } from "@/lib/local-hub/start-local-hub";

// The request's cookies, as next/headers would give them inside a request.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => new Headers({ cookie: [...jar].map(([n, v]) => `${n}=${v}`).join("; ") }),
}));

const SECRET = "test-secret-0123456789abcdef0123456789";
const COOKIE = "authjs.session-token";

let hub: RunningLocalHub;
beforeAll(async () => {
  hub = await startLocalHub({ dir: mkdtempSync(join(tmpdir(), "auth-session-")), testControls: true });
  process.env.AUTH_SECRET = SECRET;
  process.env.HF_HUB_URL = hub.url;
});
afterAll(() => hub.close());
beforeEach(() => jar.clear());

async function signedCookie(claims: Record<string, unknown>) {
  jar.set(COOKIE, await encode({ token: { sub: "x", ...claims }, secret: SECRET, salt: COOKIE }));
}

describe("validateHubToken (token sign-in)", () => {
  it("accepts the local user's write token with their org as a namespace", async () => {
    const { validateHubToken } = await import("./validate-hub-token");
    const result = await validateHubToken({ hubUrl: hub.url, accessToken: hub.token });
    expect(result).toMatchObject({ ok: true, claims: { hfToken: hub.token, namespaces: ["local-user", "local-org"], via: "token" } });
    if (result.ok) expect(result.claims.hubUser.avatarUrl).toBe(`${hub.url}/avatars/local-user.svg`);
  });

  it("refuses a read-only token, an unknown token and a non-hf_ value with distinct messages", async () => {
    const { validateHubToken, READ_ONLY_TOKEN_MESSAGE } = await import("./validate-hub-token");
    const res = await fetch(`${hub.url}/__test/tokens`, { method: "POST", body: JSON.stringify({ role: "read" }), headers: { "content-type": "application/json", authorization: `Bearer ${hub.token}` } });
    const { token } = (await res.json()) as { token: string };
    expect(await validateHubToken({ hubUrl: hub.url, accessToken: token })).toEqual({ ok: false, message: READ_ONLY_TOKEN_MESSAGE });
    const bad = await validateHubToken({ hubUrl: hub.url, accessToken: "hf_doesnotexist" });
    expect(bad).toEqual({ ok: false, message: "This token is invalid, expired or revoked." });
    expect(await validateHubToken({ hubUrl: hub.url, accessToken: "ghp_x" })).toMatchObject({ ok: false, message: expect.stringContaining("hf_") });
    const down = await validateHubToken({ hubUrl: "http://127.0.0.1:9", accessToken: hub.token });
    expect(down).toMatchObject({ ok: false, message: expect.stringContaining("Could not reach the Hub") });
  });
});

describe("getHubSession / authorize", () => {
  const claims = () => ({
    hfToken: hub.token, hfTokenExpiresAt: null, hubUser: { name: "local-user", fullname: "Local User" },
    namespaces: ["local-user", "local-org"], via: "token",
  });

  it("reads the Hub token from the encrypted session cookie", async () => {
    const { getHubSession } = await import("./session");
    await signedCookie(claims());
    expect(await getHubSession()).toEqual({
      hubUrl: hub.url, accessToken: hub.token, user: { name: "local-user", fullname: "Local User", avatarUrl: undefined },
      namespaces: ["local-user", "local-org"],
    });
  });

  it("is null without a cookie, with a cookie sealed by another secret, and after the token's expiry", async () => {
    const { getHubSession } = await import("./session");
    expect(await getHubSession()).toBeNull();
    jar.set(COOKIE, await encode({ token: claims(), secret: "another-secret-another-secret-xx", salt: COOKIE }));
    expect(await getHubSession()).toBeNull();
    await signedCookie({ ...claims(), hfTokenExpiresAt: Date.now() - 1000 });
    expect(await getHubSession()).toBeNull();
  });

  it("authorize(): unauthenticated without a session, forbidden outside the user's namespaces", async () => {
    const { authorize } = await import("./authorize");
    expect(await authorize("local-user")).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    await signedCookie(claims());
    expect(await authorize("someone-else")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await authorize("local-org")).toMatchObject({ ok: true, data: { accessToken: hub.token } });
    expect(await authorize()).toMatchObject({ ok: true });
  });

  it("the browser-visible session object carries no token", async () => {
    const { authConfig } = await import("./auth.config");
    const session = await authConfig.callbacks.session({
      session: { expires: "2099-01-01T00:00:00.000Z", user: { name: "x", email: "x@y" } },
      token: { sub: "x", ...claims() },
    } as unknown as Parameters<typeof authConfig.callbacks.session>[0]);
    const json = JSON.stringify(session);
    expect(json).not.toContain(hub.token);
    expect(session).toMatchObject({ hasHfToken: true, namespaces: ["local-user", "local-org"], user: { name: "local-user" } });
  });
});

describe("hubUnauthorized", () => {
  it("turns a Hub 401 into a 401 response / an unauthenticated result, and ignores other errors", async () => {
    const { hubUnauthorized } = await import("./hub-unauthorized");
    const { whoAmI } = await import("@huggingface/hub");
    const error = await whoAmI({ accessToken: "hf_revoked", hubUrl: hub.url }).catch((e: unknown) => e);
    const res = hubUnauthorized({ error, mode: "response" });
    expect(res?.status).toBe(401);
    expect(res?.headers.get("x-sign-in")).toBe("/sign-in?error=expired");
    expect(hubUnauthorized({ error, mode: "result" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(hubUnauthorized({ error: new Error("boom"), mode: "result" })).toBeNull();
  });
});
