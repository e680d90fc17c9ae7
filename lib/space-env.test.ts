import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Auth } from "@auth/core";
import HuggingFace from "next-auth/providers/huggingface";
import type { NextAuthConfig } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfig, authCookieOptions, huggingFaceProviderOptions } from "@/lib/auth/auth.config";
import { parseEnv } from "@/lib/env";
import { startLocalHub, type RunningLocalHub } from "@/lib/local-hub/start-local-hub";
import { spaceEnvDefaults } from "./space-env";

/**
 * Issue 16, item 2: a Space with `hf_oauth` sets OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPES,
 * OPENID_PROVIDER_URL and SPACE_HOST (hub-docs spaces-oauth.md); the app must need nothing else but
 * AUTH_SECRET. Checked from the variables to the env, to the provider options, and through Auth.js
 * itself (its real responses: redirect URL, scopes, Set-Cookie attributes) against a local Hub.
 */

const SPACE = {
  SPACE_HOST: "alice-jobs-studio.hf.space",
  OPENID_PROVIDER_URL: "https://huggingface.co",
  OAUTH_CLIENT_ID: "space-client-id",
  OAUTH_CLIENT_SECRET: "space-client-secret",
  OAUTH_SCOPES: "openid profile jobs manage-repos",
  AUTH_SECRET: "test-secret-0123456789abcdef0123456789",
};

const DEFAULT_SCOPE = "openid profile jobs manage-repos";

describe("Space variables → env", () => {
  it("fills HF_HUB_URL, AUTH_URL and the OAuth client from the Space's variables", () => {
    const e = parseEnv(SPACE);
    expect(e).toMatchObject({
      HF_HUB_URL: "https://huggingface.co",
      AUTH_URL: "https://alice-jobs-studio.hf.space",
      AUTH_HUGGINGFACE_ID: "space-client-id",
      AUTH_HUGGINGFACE_SECRET: "space-client-secret",
      OAUTH_SCOPES: "openid profile jobs manage-repos",
      SPACE_HOST: "alice-jobs-studio.hf.space",
      LOCAL_HUB: false,
      crossSiteCookies: true,
    });
  });

  it("an explicitly set variable wins over the Space's", () => {
    const e = parseEnv({ ...SPACE, HF_HUB_URL: "http://127.0.0.1:4280/", AUTH_URL: "http://localhost:7860", AUTH_HUGGINGFACE_ID: "own-id" });
    expect(e).toMatchObject({ HF_HUB_URL: "http://127.0.0.1:4280", AUTH_URL: "http://localhost:7860", AUTH_HUGGINGFACE_ID: "own-id", AUTH_HUGGINGFACE_SECRET: "space-client-secret" });
    // Served over http (a local run of the image): Auth.js's defaults, no cross-site cookies.
    expect(e.crossSiteCookies).toBe(false);
  });

  it("outside a Space nothing is derived and the defaults stay", () => {
    expect(spaceEnvDefaults({ PATH: "/usr/bin" })).toEqual({});
    const e = parseEnv({});
    expect(e).toMatchObject({ HF_HUB_URL: "https://huggingface.co", crossSiteCookies: false });
    expect(e.AUTH_URL).toBeUndefined();
    expect(e.SPACE_HOST).toBeUndefined();
    expect(huggingFaceProviderOptions(e, DEFAULT_SCOPE)).toBeNull();
  });

  it("trailing slashes and empty values are normalised; a bad provider URL names the variable", () => {
    expect(spaceEnvDefaults({ OPENID_PROVIDER_URL: "https://huggingface.co/", SPACE_HOST: "a-b.hf.space/", OAUTH_CLIENT_ID: "" })).toEqual({
      HF_HUB_URL: "https://huggingface.co",
      AUTH_URL: "https://a-b.hf.space",
    });
    expect(parseEnv({ SPACE_HOST: "" }).SPACE_HOST).toBeUndefined();
    expect(() => parseEnv({ OPENID_PROVIDER_URL: "not a url" })).toThrow(/HF_HUB_URL/);
  });
});

describe("env → Auth.js options", () => {
  it("the provider asks for exactly the Space's OAUTH_SCOPES, from the Space's provider", () => {
    const opts = huggingFaceProviderOptions(parseEnv({ ...SPACE, OAUTH_SCOPES: "openid profile email jobs write-repos" }), DEFAULT_SCOPE);
    expect(opts).toEqual({
      issuer: "https://huggingface.co",
      clientId: "space-client-id",
      clientSecret: "space-client-secret",
      authorization: { params: { scope: "openid profile email jobs write-repos" } },
    });
    // openid is what makes it OIDC: added when a Space's list lacks it.
    expect(huggingFaceProviderOptions(parseEnv({ ...SPACE, OAUTH_SCOPES: "profile jobs" }), DEFAULT_SCOPE)?.authorization.params.scope).toBe("openid profile jobs");
    // Outside a Space: the app's own scopes.
    const own = huggingFaceProviderOptions(parseEnv({ AUTH_HUGGINGFACE_ID: "a", AUTH_HUGGINGFACE_SECRET: "b" }), DEFAULT_SCOPE);
    expect(own?.authorization.params.scope).toBe(DEFAULT_SCOPE);
  });

  it("cookies are SameSite=None; Secure in a Space, Auth.js's defaults elsewhere", () => {
    const space = authCookieOptions(parseEnv(SPACE));
    expect(space.useSecureCookies).toBe(true);
    expect(space.cookies?.sessionToken).toEqual({ name: "__Secure-authjs.session-token", options: { httpOnly: true, sameSite: "none", path: "/", secure: true, partitioned: true } });
    expect(space.cookies?.csrfToken?.name).toBe("__Host-authjs.csrf-token");
    for (const c of Object.values(space.cookies ?? {})) expect(c?.options).toMatchObject({ sameSite: "none", secure: true, partitioned: true });
    expect(authCookieOptions(parseEnv({}))).toEqual({});
  });
});

describe("through Auth.js against a local Hub as the Space's OpenID provider", () => {
  let hub: RunningLocalHub;
  let client: { clientId: string; clientSecret: string };
  const SPACE_HOST = "alice-jobs-studio.hf.space";
  const redirectUri = `https://${SPACE_HOST}/api/auth/callback/huggingface`;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "space-env-"));
    hub = await startLocalHub({ dir, oauthRedirectUris: [redirectUri] });
    client = JSON.parse(readFileSync(join(dir, "oauth-client.json"), "utf8")) as typeof client;
  });
  afterAll(() => hub.close());

  /** The config lib/auth/auth.ts builds, from the Space's variables only. */
  function spaceConfig(): NextAuthConfig {
    const e = parseEnv({ ...SPACE, SPACE_HOST, OPENID_PROVIDER_URL: hub.url, OAUTH_CLIENT_ID: client.clientId, OAUTH_CLIENT_SECRET: client.clientSecret });
    const oauth = huggingFaceProviderOptions(e, DEFAULT_SCOPE);
    if (!oauth) throw new Error("the Space's variables gave no OAuth provider");
    return { ...authConfig, ...authCookieOptions(e), basePath: "/api/auth", secret: e.AUTH_SECRET, providers: [HuggingFace(oauth)] };
  }

  const setCookies = (res: Response) => res.headers.getSetCookie();
  const cookieHeader = (cookies: string[]) => cookies.map((c) => c.split(";")[0]).join("; ");

  it("sign-in redirects to the Hub's consent page with the Space's redirect URL and scopes; every cookie is SameSite=None; Secure; Partitioned", async () => {
    const config = spaceConfig();
    const base = `https://${SPACE_HOST}/api/auth`;
    const csrfRes = await Auth(new Request(`${base}/csrf`), config);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookies = setCookies(csrfRes);
    expect(csrfCookies.some((c) => c.startsWith("__Host-authjs.csrf-token="))).toBe(true);

    const res = await Auth(
      new Request(`${base}/signin/huggingface`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(csrfCookies) },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
      }),
      config,
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(`${hub.url}/oauth/authorize`);
    expect(location.searchParams.get("client_id")).toBe(client.clientId);
    expect(location.searchParams.get("redirect_uri")).toBe(redirectUri);
    expect(location.searchParams.get("scope")).toBe(SPACE.OAUTH_SCOPES);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");

    const cookies = [...csrfCookies, ...setCookies(res)];
    const names = cookies.map((c) => c.split("=")[0]);
    expect(names).toEqual(expect.arrayContaining(["__Host-authjs.csrf-token", "__Secure-authjs.callback-url", "__Secure-authjs.pkce.code_verifier", "__Secure-authjs.state"]));
    for (const c of cookies) {
      expect(c, c.split("=")[0]).toMatch(/;\s*SameSite=None/i);
      expect(c, c.split("=")[0]).toMatch(/;\s*Secure/i);
      expect(c, c.split("=")[0]).toMatch(/;\s*HttpOnly/i);
      expect(c, c.split("=")[0]).toMatch(/;\s*Partitioned/i);
    }

    // The local Hub accepts that authorization request (known client, registered redirect URL, scopes).
    const consent = await fetch(location);
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain("jobs");
  });
});
