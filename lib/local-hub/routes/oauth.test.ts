import { whoAmI } from "@huggingface/hub";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteJWKSet, customFetch, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

const REDIRECT = "http://localhost:3999/api/auth/callback/huggingface";

interface Client { clientId: string; clientSecret: string; redirectUris: string[] }

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Reads the hidden fields of the consent form. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }
  return fields;
}

describe("OAuth / OpenID Connect provider", () => {
  let hub: InProcessHub;
  let dir: string;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lh-oauth-"));
    hub = await startInProcessHub({ dir, testControls: true, oauthRedirectUris: [REDIRECT] });
    client = JSON.parse(readFileSync(join(dir, "oauth-client.json"), "utf8")) as Client;
  });
  afterAll(() => hub.close());

  const authorizeUrl = (over: Record<string, string | null> = {}, challenge = pkce().challenge) => {
    const url = new URL(`${hub.url}/oauth/authorize`);
    const params: Record<string, string | null> = {
      client_id: client.clientId, redirect_uri: REDIRECT, response_type: "code",
      scope: "openid profile jobs manage-repos", state: "st-123", code_challenge: challenge,
      code_challenge_method: "S256", ...over,
    };
    for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
    return url;
  };

  /** GET the consent page, POST the decision; returns the redirect Location. */
  async function consent(decision: "allow" | "deny", over: Record<string, string | null> = {}, challenge?: string) {
    const page = await hub.fetch(authorizeUrl(over, challenge));
    expect(page.status).toBe(200);
    const fields = formFields(await page.text());
    const res = await hub.fetch(`${hub.url}/oauth/authorize`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: hub.url },
      body: new URLSearchParams({ ...fields, decision }),
    });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location") ?? "");
  }

  async function exchange(params: Record<string, string>, auth: "basic" | "post" = "basic") {
    const body = new URLSearchParams({ grant_type: "authorization_code", ...params });
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (auth === "basic") {
      headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
    } else {
      body.set("client_id", client.clientId);
      body.set("client_secret", client.clientSecret);
    }
    return hub.fetch(`${hub.url}/oauth/token`, { method: "POST", headers, body });
  }

  it("writes oauth-client.json with the CLI's redirect URI, stable across restarts", async () => {
    expect(client.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(client.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(client.redirectUris).toEqual([REDIRECT]);
    await hub.close();
    hub = await startInProcessHub({ dir, testControls: true, oauthRedirectUris: ["http://localhost:4000/cb"] });
    const again = JSON.parse(readFileSync(join(dir, "oauth-client.json"), "utf8")) as Client;
    expect(again.clientId).toBe(client.clientId);
    expect(again.clientSecret).toBe(client.clientSecret);
    expect(again.redirectUris).toEqual([REDIRECT, "http://localhost:4000/cb"]);
  });

  it("serves a discovery document whose issuer is the hub URL", async () => {
    const doc = (await (await hub.fetch(`${hub.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: hub.url,
      authorization_endpoint: `${hub.url}/oauth/authorize`,
      token_endpoint: `${hub.url}/oauth/token`,
      userinfo_endpoint: `${hub.url}/oauth/userinfo`,
      jwks_uri: `${hub.url}/oauth/jwks`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "jobs", "manage-repos"]));
  });

  it("runs the authorization-code + PKCE flow to a Hub token and a signed id_token", async () => {
    const { verifier, challenge } = pkce();
    const page = await hub.fetch(authorizeUrl({ nonce: "n-1" }, challenge));
    const html = await page.text();
    expect(html).toContain(client.clientId);
    expect(html).toContain("local-user");
    expect(html).toContain("manage-repos");
    expect(html).toMatch(/<button[^>]*>Allow<\/button>/);
    const location = await consent("allow", { nonce: "n-1" }, challenge);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get("state")).toBe("st-123");
    const code = location.searchParams.get("code") ?? "";
    expect(code).not.toBe("");

    const res = await exchange({ code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const tokens = (await res.json()) as { access_token: string; token_type: string; expires_in: number; id_token: string; scope: string };
    expect(tokens.access_token).toMatch(/^hf_oauth_/);
    expect(tokens.token_type).toBe("bearer");
    expect(tokens.expires_in).toBeGreaterThan(0);
    expect(tokens.scope).toBe("openid profile jobs manage-repos");

    const jwks = createRemoteJWKSet(new URL(`${hub.url}/oauth/jwks`), { [customFetch]: hub.fetch });
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer: hub.url, audience: client.clientId });
    expect(protectedHeader.alg).toBe("RS256");
    const me = await whoAmI({ accessToken: tokens.access_token, hubUrl: hub.url, fetch: hub.fetch });
    expect(payload).toMatchObject({ sub: me.id, preferred_username: "local-user", name: "Local User", nonce: "n-1" });
    expect(payload.picture).toBe(`${hub.url}/avatars/local-user.svg`);

    // the OAuth token is a Hub write token on every route
    expect(me.name).toBe("local-user");
    expect(me.auth.accessToken?.role).toBe("write");

    const info = await hub.fetch(`${hub.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      sub: me.id, preferred_username: "local-user", name: "Local User", profile: `${hub.url}/local-user`,
      isPro: false, canPay: false,
      orgs: [{ preferred_username: "local-org", name: "Local Org", isEnterprise: false, sub: expect.any(String), picture: expect.any(String) }],
    });
  });

  it("accepts client_secret_post and includes email only with the email scope", async () => {
    const { verifier, challenge } = pkce();
    const location = await consent("allow", { scope: "openid profile email" }, challenge);
    const res = await exchange({ code: location.searchParams.get("code") ?? "", redirect_uri: REDIRECT, code_verifier: verifier }, "post");
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string };
    const info = (await (await hub.fetch(`${hub.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json()) as Record<string, unknown>;
    expect(info.email).toBe("local-user@local.hub");
    // a profile-only token cannot write
    const me = await whoAmI({ accessToken: tokens.access_token, hubUrl: hub.url, fetch: hub.fetch });
    expect(me.auth.accessToken?.role).toBe("read");
  });

  it("rejects a wrong verifier, and the code is then spent", async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent("allow", {}, challenge)).searchParams.get("code") ?? "";
    const bad = await exchange({ code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_grant" });
    const retry = await exchange({ code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(await retry.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a redirect_uri that differs from the authorization request", async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent("allow", {}, challenge)).searchParams.get("code") ?? "";
    const res = await exchange({ code, redirect_uri: "http://localhost:4000/cb", code_verifier: verifier });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a reused code", async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent("allow", {}, challenge)).searchParams.get("code") ?? "";
    expect((await exchange({ code, redirect_uri: REDIRECT, code_verifier: verifier })).status).toBe(200);
    const again = await exchange({ code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses the app's (confidential) code exchanged like a public client, with no secret", async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent("allow", {}, challenge)).searchParams.get("code") ?? "";
    const res = await hub.fetch(`${hub.url}/oauth/token`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant", error_description: "The code was issued to a client that must authenticate." });
    const withId = await hub.fetch(`${hub.url}/oauth/token`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, client_id: client.clientId, redirect_uri: REDIRECT, code_verifier: verifier }),
    });
    expect(withId.status).toBe(401);
    expect(await withId.json()).toMatchObject({ error: "invalid_client" });
  });

  it("rejects a wrong client secret and an unknown client at the token endpoint", async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent("allow", {}, challenge)).searchParams.get("code") ?? "";
    const res = await hub.fetch(`${hub.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${client.clientId}:nope`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
    const unknown = await hub.fetch(`${hub.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, client_id: "someone-else", client_secret: "x" }),
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: "invalid_client" });
  });

  it("shows an error page (no redirect) for an unknown client or an unregistered redirect URI", async () => {
    const unknownClient = await hub.fetch(authorizeUrl({ client_id: "evil" }), { redirect: "manual" });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain("Unknown client_id");
    const badRedirect = await hub.fetch(authorizeUrl({ redirect_uri: `${REDIRECT}/x` }), { redirect: "manual" });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.get("location")).toBeNull();
  });

  it("redirects with invalid_scope, and refuses missing or plain PKCE", async () => {
    const scope = await hub.fetch(authorizeUrl({ scope: "openid admin" }), { redirect: "manual" });
    expect(scope.status).toBe(302);
    const loc = new URL(scope.headers.get("location") ?? "");
    expect(loc.searchParams.get("error")).toBe("invalid_scope");
    expect(loc.searchParams.get("state")).toBe("st-123");
    const cases: Record<string, string | null>[] = [{ code_challenge_method: "plain" }, { code_challenge: null }, { code_challenge_method: null }];
    for (const over of cases) {
      const res = await hub.fetch(authorizeUrl(over), { redirect: "manual" });
      expect(new URL(res.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_request");
    }
  });

  it("Deny sends access_denied with the state, and the consent nonce is single use", async () => {
    const page = await hub.fetch(authorizeUrl());
    const fields = formFields(await page.text());
    const post = () =>
      hub.fetch(`${hub.url}/oauth/authorize`, {
        method: "POST", redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...fields, decision: "deny" }),
      });
    const res = await post();
    const loc = new URL(res.headers.get("location") ?? "");
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("state")).toBe("st-123");
    expect(loc.searchParams.get("code")).toBeNull();
    expect((await post()).status).toBe(400);
  });

  it("refuses a consent post from another site or with altered parameters", async () => {
    const fields = formFields(await (await hub.fetch(authorizeUrl())).text());
    const crossSite = await hub.fetch(`${hub.url}/oauth/authorize`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
      body: new URLSearchParams({ ...fields, decision: "allow" }),
    });
    expect(crossSite.status).toBe(403);
    const fields2 = formFields(await (await hub.fetch(authorizeUrl())).text());
    const altered = await hub.fetch(`${hub.url}/oauth/authorize`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields2, scope: "openid profile email jobs manage-repos", decision: "allow" }),
    });
    expect(altered.status).toBe(400);
    expect(altered.headers.get("location")).toBeNull();
  });

  it("escapes request values on the consent page", async () => {
    const html = await (await hub.fetch(authorizeUrl({ state: `"><img src=x onerror=alert(1)>` }))).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("answers 401 at userinfo without a valid token", async () => {
    const res = await hub.fetch(`${hub.url}/oauth/userinfo`, { headers: { authorization: "Bearer hf_nope" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  /** An OAuth access token granted `scope`, through consent and the PKCE code exchange. */
  const mint = async (scope: string) => {
    const p = pkce();
    const code = (await consent("allow", { scope }, p.challenge)).searchParams.get("code") ?? "";
    const res = await exchange({ code, redirect_uri: REDIRECT, code_verifier: p.verifier });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const call = (token: string, path: string, init: RequestInit = {}) =>
    hub.fetch(`${hub.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });

  it("holds OAuth tokens to their repo scopes: manage-repos to create/delete, write-repos to commit, read-repos for private reads", async () => {
    const create = (token: string, name: string) => call(token, "/api/repos/create", { method: "POST", body: JSON.stringify({ name, private: true }) });
    const commitTo = (token: string, name: string) => call(token, `/api/models/local-user/${name}/commit/main`, {
      method: "POST", body: `{"key":"header","value":{"summary":"s"}}\n{"key":"file","value":{"path":"a.txt","content":"YQ==","encoding":"base64"}}`,
    });
    const jobsOnly = await mint("jobs");
    const profileOnly = await mint("openid profile");
    const writer = await mint("openid write-repos");
    const reader = await mint("read-repos");
    const app = await mint("openid profile jobs manage-repos");

    expect((await create(jobsOnly, "sc-jobs")).status).toBe(403);
    expect((await create(writer, "sc-writer")).status).toBe(403);
    expect((await create(app, "sc-app")).status).toBe(200);
    expect((await commitTo(jobsOnly, "sc-app")).status).toBe(403);
    expect((await commitTo(reader, "sc-app")).status).toBe(403);
    expect((await commitTo(writer, "sc-app")).status).toBe(200);
    expect((await call(profileOnly, "/api/models/local-user/sc-app")).status).toBe(403);
    expect((await call(jobsOnly, "/api/models/local-user/sc-app")).status).toBe(403);
    expect((await call(reader, "/api/models/local-user/sc-app")).status).toBe(200);
    const del = (token: string) => call(token, "/api/repos/delete", { method: "DELETE", body: JSON.stringify({ name: "sc-app" }) });
    expect((await del(jobsOnly)).status).toBe(403);
    expect((await del(writer)).status).toBe(403);
    expect((await del(app)).status).toBe(200);
    // Access tokens keep their role's rights (the Hub's primary token is a write token).
    expect((await create(hub.token, "sc-token")).status).toBe(200);

    // Buckets are repos too: the same scopes hold for them (create, Xet write token, batch, private reads, delete).
    const bucket = (name: string) => `/api/buckets/local-user/${name}`;
    const createBucket = (token: string, name: string) => call(token, bucket(name), { method: "POST", body: JSON.stringify({ private: true }) });
    const batch = (token: string, name: string) => call(token, `${bucket(name)}/batch`, { method: "POST", body: `{"type":"deleteFile","path":"nothing-here.txt"}\n` });
    expect((await createBucket(jobsOnly, "sb-jobs")).status).toBe(403);
    expect((await createBucket(writer, "sb-writer")).status).toBe(403);
    expect((await createBucket(app, "sb-app")).status).toBe(200);
    expect((await call(jobsOnly, `${bucket("sb-app")}/xet-write-token`)).status).toBe(403);
    expect((await call(reader, `${bucket("sb-app")}/xet-write-token`)).status).toBe(403);
    expect((await call(writer, `${bucket("sb-app")}/xet-write-token`)).status).toBe(200);
    expect((await batch(reader, "sb-app")).status).toBe(403);
    expect((await batch(writer, "sb-app")).status).toBe(200);
    expect((await call(profileOnly, bucket("sb-app"))).status).toBe(403);
    expect((await call(profileOnly, `${bucket("sb-app")}/tree`)).status).toBe(403);
    expect((await call(reader, `${bucket("sb-app")}/tree`)).status).toBe(200);
    expect((await call(reader, `${bucket("sb-app")}/xet-read-token`)).status).toBe(200);
    expect((await call(writer, bucket("sb-app"), { method: "DELETE" })).status).toBe(403);
    expect((await call(app, bucket("sb-app"), { method: "DELETE" })).status).toBe(200);

    // Jobs need the jobs scope (listing, running, schedules); the hardware list stays open.
    expect((await call(writer, "/api/jobs/local-user")).status).toBe(403);
    expect((await call(profileOnly, "/api/scheduled-jobs/local-user")).status).toBe(403);
    const run = await call(writer, "/api/jobs/local-user", { method: "POST", body: JSON.stringify({ dockerImage: "python:3.12", command: ["python", "-c", "print(1)"], flavor: "cpu-basic" }) });
    expect(run.status).toBe(403);
    expect(await run.text()).toMatch(/jobs/);
    expect((await call(jobsOnly, "/api/jobs/local-user")).status).toBe(200);
    expect((await call(jobsOnly, "/api/scheduled-jobs/local-user")).status).toBe(200);
    expect((await call(writer, "/api/jobs/hardware")).status).toBe(200);
  });

  it("holds jobs, listings and moves to the repo scopes too: a jobs-only token mounts no private bucket or repo", async () => {
    const jobsOnly = await mint("jobs");
    const jobsReader = await mint("jobs read-repos");
    const profileOnly = await mint("openid profile");
    const writer = await mint("openid write-repos");
    const app = await mint("openid profile jobs manage-repos");
    expect((await call(hub.token, "/api/buckets/local-user/sv-private", { method: "POST", body: JSON.stringify({ private: true }) })).status).toBe(200);
    expect((await call(hub.token, "/api/repos/create", { method: "POST", body: JSON.stringify({ name: "sv-model", private: true }) })).status).toBe(200);

    const launch = (token: string, volume: Record<string, unknown>) => call(token, "/api/jobs/local-user", {
      method: "POST", body: JSON.stringify({ dockerImage: "python:3.12", command: ["true"], flavor: "cpu-basic", volumes: [{ mountPath: "/m", ...volume }] }),
    });
    const refused = async (res: Response, text: RegExp) => {
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(text);
    };
    await refused(await launch(jobsOnly, { type: "bucket", source: "local-user/sv-private", readOnly: true }), /read-repos/);
    await refused(await launch(jobsOnly, { type: "model", source: "local-user/sv-model" }), /read-repos/);
    await refused(await launch(jobsReader, { type: "bucket", source: "local-user/sv-private" }), /write-repos/);
    const schedule = await call(jobsOnly, "/api/scheduled-jobs/local-user", {
      method: "POST", body: JSON.stringify({ schedule: "@hourly", jobSpec: { dockerImage: "python:3.12", command: ["true"], flavor: "cpu-basic", volumes: [{ type: "bucket", source: "local-user/sv-private", mountPath: "/m" }] } }),
    });
    await refused(schedule, /read-repos/);
    expect((await launch(jobsReader, { type: "bucket", source: "local-user/sv-private", readOnly: true })).status).toBe(200);
    expect((await launch(jobsReader, { type: "model", source: "local-user/sv-model" })).status).toBe(200);
    expect((await launch(app, { type: "bucket", source: "local-user/sv-private" })).status).toBe(200);

    // Listings show private buckets and repos only to a token that may read them.
    const names = async (token: string, path: string) => ((await (await call(token, path)).json()) as { id: string }[]).map((x) => x.id);
    expect(await names(profileOnly, "/api/buckets/local-user")).not.toContain("local-user/sv-private");
    expect(await names(jobsOnly, "/api/models?author=local-user")).not.toContain("local-user/sv-model");
    expect(await names(jobsReader, "/api/buckets/local-user")).toContain("local-user/sv-private");
    expect(await names(jobsReader, "/api/models?author=local-user")).toContain("local-user/sv-model");

    // A move deletes a name and creates one: manage-repos.
    const move = (token: string, toRepo: string) => call(token, "/api/repos/move", {
      method: "POST", body: JSON.stringify({ fromRepo: "local-user/sv-private", toRepo, type: "bucket" }),
    });
    const byWriter = await move(writer, "local-user/sv-renamed");
    expect(byWriter.status).toBe(403);
    expect(await byWriter.text()).toMatch(/manage-repos/);
    expect((await move(app, "local-user/sv-moved")).status).toBe(200);
  });
});
