import { createHash, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { importJWK, SignJWT } from "jose";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";
import { isoNow, newToken } from "../ids";
import { consentPage, oauthErrorPage } from "../oauth/consent-page";
import type { Account } from "../store/identity";
import { OAuthStore, type ConsentRequest } from "../store/oauth";

/**
 * Scopes the provider accepts: exactly the ones the Hub documents (hub-docs `oauth.md`, listed in
 * specs/hub-jobs-2x.md "OAuth scopes"); anything else is `invalid_scope`.
 */
export const SUPPORTED_SCOPES = [
  "openid", "profile", "email", "read-billing", "read-repos", "contribute-repos", "write-repos", "manage-repos",
  "inference-api", "jobs", "webhooks", "write-discussions",
] as const;

/**
 * Scopes that make the minted token a write token. The local Hub has one coarse read/write role per
 * token: `contribute-repos` ("only repos this app created") cannot be expressed, so it stays read-only
 * rather than granting write on every repo the user has (an app relying on it fails here as it would on
 * a bucket the CLI created on the Hub).
 */
const WRITE_SCOPES = new Set(["jobs", "write-repos", "manage-repos"]);
/** Lifetime of a minted access token: 8 h, in seconds. */
export const ACCESS_TOKEN_TTL_S = 8 * 3600;
/** Lifetime of an id_token, in seconds. */
const ID_TOKEN_TTL_S = 3600;

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. The challenge is a 43-char base64url SHA-256. */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE_RE = /^[A-Za-z0-9\-_]{43}$/;

const origin = (c: Context) => new URL(c.req.url).origin;
const param = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Appends OAuth response parameters to a registered redirect URI (keeping its own query). */
function redirectTo(c: Context, redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  c.header("Cache-Control", "no-store");
  return c.redirect(url.toString(), 302);
}

/** RFC 6749 §5.2 error body of the token endpoint. */
function tokenError(c: Context, status: 400 | 401, error: string, description: string, basic = false): Response {
  if (basic) c.header("WWW-Authenticate", 'Basic realm="local-hub"');
  c.header("Cache-Control", "no-store");
  return c.json({ error, error_description: description }, status);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `application/x-www-form-urlencoded` decoding of a Basic credential part (RFC 6749 §2.3.1). */
function formDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

const stores = new WeakMap<HubContext, OAuthStore>();
/** The OAuth store of one local Hub (client, consents, codes, signing key), shared by its route areas. */
function storeFor(ctx: HubContext): OAuthStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new OAuthStore(ctx.db, ctx.dir, ctx.options.oauthRedirectUris);
    for (const pc of ctx.options.oauthPublicClients ?? []) store.addPublicClient(pc);
    stores.set(ctx, store);
  }
  return store;
}

/**
 * OAuth 2.0 / OpenID Connect provider for the app's confidential client (and any public clients), so that Auth.js's built-in
 * Hugging Face provider (`@auth/core/providers/huggingface.js`: `type: "oidc"`, checks state + PKCE)
 * signs in against the local Hub (issue 2, item 4):
 * - `GET /.well-known/openid-configuration` — discovery; `issuer` is the request origin (the hub URL),
 *   which must equal the app's `HF_HUB_URL` (oauth4webapi compares them);
 * - `GET /oauth/authorize` — validates client, exact redirect URI, `response_type=code`, scopes and a
 *   PKCE S256 challenge, then renders a consent page for the local user; `POST /oauth/authorize` — the
 *   page's Allow/Deny form (one-time nonce, same-origin) → redirect with `code` + `state`, or
 *   `error=access_denied`;
 * - `POST /oauth/token` — `authorization_code` grant with `client_secret_basic` (what Auth.js sends,
 *   `@auth/core/lib/actions/callback/oauth/callback.js`) or `client_secret_post`, or with no client
 *   authentication for a registered public client (PKCE only, what `@huggingface/hub`
 *   `oauthHandleRedirect` sends); returns an `hf_oauth_…` access token that is a Hub token on every
 *   route, and an RS256 `id_token`; a replayed code revokes the token its first exchange issued;
 * - `GET|POST /oauth/userinfo` — the Hub's userinfo shape with `orgs`; `GET /oauth/jwks` — the key.
 * Unknown client / redirect URI are shown as an error page (never redirected to, RFC 6749 §4.1.2.1).
 * This area is mounted at `/oauth`; discovery ({@link oidcDiscoveryRoutes}) at `/.well-known`.
 */
export function oauthRoutes(ctx: HubContext): Hono<HubEnv> {
  const store = storeFor(ctx);
  const app = new Hono<HubEnv>();
  const signingKey = importJWK(store.signingKey, "RS256");
  app.get("/jwks", (c) => c.json({ keys: [store.publicJwk()] }));
  app.get("/authorize", (c) => authorizePage(ctx, store, c));
  app.post("/authorize", (c) => consentDecision(ctx, store, c));
  app.post("/token", async (c) => tokenEndpoint(ctx, store, c, await signingKey));
  const userinfo = (c: Context) => userinfoOf(ctx, store, c);
  app.get("/userinfo", userinfo);
  app.post("/userinfo", userinfo);
  return app;
}

/** `GET /.well-known/openid-configuration` (mounted at `/.well-known`); `issuer` is the request origin. */
export function oidcDiscoveryRoutes(): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get("/openid-configuration", (c) => {
    const base = origin(c);
    return c.json({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/oauth/userinfo`,
      jwks_uri: `${base}/oauth/jwks`,
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: [...SUPPORTED_SCOPES],
      // "none": public clients (PKCE only), as @huggingface/hub oauthHandleRedirect is one.
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
      code_challenge_methods_supported: ["S256"],
      claims_supported: ["sub", "name", "preferred_username", "profile", "picture", "email", "email_verified", "nonce", "iss", "aud", "exp", "iat"],
    });
  });
  return app;
}

/** Test-only (mounted at `/__test/oauth` with test controls): register a public client (a browser app) → {clientId}. */
export function oauthTestRoutes(ctx: HubContext): Hono<HubEnv> {
  const store = storeFor(ctx);
  const app = new Hono<HubEnv>();
  app.post("/public-clients", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { clientId?: unknown; redirectUris?: unknown } | null;
    const redirectUris = Array.isArray(body?.redirectUris) ? body.redirectUris.filter((u): u is string => typeof u === "string") : [];
    const clientId = typeof body?.clientId === "string" ? body.clientId : `public-${newToken("").slice(0, 16)}`;
    try {
      store.addPublicClient({ clientId, redirectUris });
    } catch (err) {
      return c.json({ error: err instanceof Error ? err.message : String(err) }, 400);
    }
    return c.json({ clientId, redirectUris });
  });
  return app;
}

/**
 * `GET /oauth/authorize`: validates client, exact redirect URI, `response_type=code`, scopes and a PKCE
 * S256 challenge, then renders the consent page for the local user.
 */
function authorizePage(ctx: HubContext, store: OAuthStore, c: Context): Response {
  const q = c.req.query();
  const clientId = param(q.client_id);
  const redirectUri = param(q.redirect_uri);
  const registered = clientId === null ? null : store.redirectUrisOf(clientId);
  if (clientId === null || registered === null) {
    return c.html(oauthErrorPage(`Unknown client_id "${clientId ?? ""}".`), 400);
  }
  if (!redirectUri || !registered.includes(redirectUri)) {
    return c.html(oauthErrorPage(`redirect_uri "${redirectUri ?? ""}" is not registered for this application.`), 400);
  }
  const state = param(q.state);
  const fail = (error: string, description: string) =>
    redirectTo(c, redirectUri, { error, error_description: description, state });
  if (q.response_type !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");
  const scopes = (q.scope ?? "").split(" ").filter(Boolean);
  const unknown = scopes.filter((s) => !(SUPPORTED_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    return fail("invalid_scope", unknown.length ? `Unsupported scope(s): ${unknown.join(" ")}` : "scope is required.");
  }
  const codeChallenge = param(q.code_challenge);
  if (!codeChallenge) return fail("invalid_request", "PKCE is required: code_challenge is missing.");
  if (q.code_challenge_method !== "S256") {
    return fail("invalid_request", "code_challenge_method must be S256 (plain is not accepted).");
  }
  if (!CHALLENGE_RE.test(codeChallenge)) return fail("invalid_request", "code_challenge is not a base64url SHA-256.");

  const request: ConsentRequest = {
    clientId, redirectUri, scope: [...new Set(scopes)].join(" "), state, codeChallenge, nonce: param(q.nonce),
  };
  const consent = store.createConsent(request);
  const fields: Record<string, string> = {
    client_id: clientId, redirect_uri: redirectUri, response_type: "code", scope: request.scope,
    code_challenge: codeChallenge, code_challenge_method: "S256", consent,
  };
  if (state !== null) fields.state = state;
  if (request.nonce !== null) fields.nonce = request.nonce;
  c.header("Cache-Control", "no-store");
  // The page must not be framed (clickjacking of the Allow button).
  c.header("X-Frame-Options", "DENY");
  c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'");
  return c.html(
    consentPage({
      clientId, redirectUri, scopes: request.scope.split(" "), userName: ctx.user.name, userFullname: ctx.user.fullname, fields,
    }),
  );
}

/** `POST /oauth/authorize`: the consent page's Allow/Deny form (one-time nonce, same-origin). */
async function consentDecision(ctx: HubContext, store: OAuthStore, c: Context): Promise<Response> {
  const requestOrigin = c.req.header("origin");
  if (requestOrigin && requestOrigin !== "null" && requestOrigin !== origin(c)) {
    return c.html(oauthErrorPage("Cross-site consent submissions are refused."), 403);
  }
  const body = await c.req.parseBody();
  const request = store.takeConsent(param(body.consent) ?? "");
  if (!request) return c.html(oauthErrorPage("This consent form has expired or was already used. Start the sign-in again."), 400);
  const posted = {
    client_id: param(body.client_id), redirect_uri: param(body.redirect_uri), scope: param(body.scope),
    state: param(body.state), code_challenge: param(body.code_challenge), nonce: param(body.nonce),
  };
  const expected = {
    client_id: request.clientId, redirect_uri: request.redirectUri, scope: request.scope,
    state: request.state, code_challenge: request.codeChallenge, nonce: request.nonce,
  };
  const changed = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => posted[k] !== expected[k]);
  if (changed.length > 0) return c.html(oauthErrorPage(`The form was altered (${changed.join(", ")}).`), 400);
  if (body.decision !== "allow") {
    return redirectTo(c, request.redirectUri, {
      error: "access_denied", error_description: "The user denied access.", state: request.state,
    });
  }
  const code = store.createCode({ ...request, userName: ctx.user.name });
  return redirectTo(c, request.redirectUri, { code, state: request.state });
}

/** The client of a token request, or the error response (RFC 6749 §2.3.1, §5.2). */
type ClientAuth = { clientId: string | null; basic: boolean; publicExchange: boolean } | Response;

/**
 * Client authentication of `POST /oauth/token`: `client_secret_basic` (what Auth.js sends),
 * `client_secret_post`, or none for a registered public client (PKCE only).
 */
function authenticateClient(store: OAuthStore, c: Context, body: Record<string, unknown>): ClientAuth {
  const authHeader = c.req.header("authorization");
  let clientId: string | null;
  let clientSecret: string | null;
  const basic = authHeader ? /^Basic\s+(\S+)$/i.exec(authHeader) : null;
  if (basic) {
    if (param(body.client_secret)) return tokenError(c, 400, "invalid_request", "Use one client authentication method.");
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    clientId = colon < 0 ? null : formDecode(decoded.slice(0, colon));
    clientSecret = colon < 0 ? null : formDecode(decoded.slice(colon + 1));
    const bodyClient = param(body.client_id);
    if (bodyClient !== null && bodyClient !== clientId) return tokenError(c, 401, "invalid_client", "client_id mismatch.", true);
  } else {
    clientId = param(body.client_id);
    clientSecret = param(body.client_secret);
  }
  // No credentials at all: a public client, identified by the code it was issued (oauthHandleRedirect
  // sends no client_id); a client_id, if sent, must be a public client's.
  const publicExchange = !basic && clientSecret === null && (clientId === null || store.isPublicClient(clientId));
  if (!publicExchange && (clientId !== store.client.clientId || !clientSecret || !sameSecret(clientSecret, store.client.clientSecret))) {
    return tokenError(c, 401, "invalid_client", "Unknown client or wrong client secret.", Boolean(basic));
  }
  return { clientId, basic: Boolean(basic), publicExchange };
}

/**
 * `POST /oauth/token`, `authorization_code` grant: checks the client, the code (a replayed code revokes
 * the token its first exchange issued), redirect URI and PKCE verifier; returns an `hf_oauth_…` access
 * token that is a Hub token on every route, and an RS256 `id_token` when `openid` was granted.
 */
async function tokenEndpoint(ctx: HubContext, store: OAuthStore, c: Context, key: CryptoKey | Uint8Array): Promise<Response> {
  const contentType = c.req.header("content-type") ?? "";
  if (!contentType.startsWith("application/x-www-form-urlencoded")) {
    return tokenError(c, 400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
  }
  const body = await c.req.parseBody();
  const auth = authenticateClient(store, c, body);
  if (auth instanceof Response) return auth;
  const { publicExchange } = auth;
  let { clientId } = auth;
  if (body.grant_type !== "authorization_code") {
    return tokenError(c, 400, "unsupported_grant_type", "Only grant_type=authorization_code is supported.");
  }
  const code = param(body.code) ?? "";
  const found = store.takeCode(code);
  if (found.kind === "replayed") {
    // RFC 6749 §4.1.2: a code used twice is treated as stolen: what it issued stops working.
    if (found.token) ctx.identity.revokeToken(found.token);
    return tokenError(c, 400, "invalid_grant", "The code was already used; the tokens issued from it are revoked.");
  }
  if (found.kind === "invalid") return tokenError(c, 400, "invalid_grant", "The code is unknown or expired.");
  const grant = found.grant;
  if (publicExchange ? !store.isPublicClient(grant.clientId) || (clientId !== null && grant.clientId !== clientId) : grant.clientId !== clientId) {
    return tokenError(c, 400, "invalid_grant", publicExchange ? "The code was issued to a client that must authenticate." : "The code was issued to another client.");
  }
  clientId = grant.clientId;
  if (param(body.redirect_uri) !== grant.redirectUri) {
    return tokenError(c, 400, "invalid_grant", "redirect_uri does not match the authorization request.");
  }
  const verifier = param(body.code_verifier);
  if (!verifier || !VERIFIER_RE.test(verifier)) return tokenError(c, 400, "invalid_grant", "code_verifier is missing or malformed.");
  if (createHash("sha256").update(verifier).digest("base64url") !== grant.codeChallenge) {
    return tokenError(c, 400, "invalid_grant", "code_verifier does not match the code_challenge.");
  }
  const user = ctx.identity.account(grant.userName);
  if (!user) return tokenError(c, 400, "invalid_grant", "The user no longer exists.");

  const scopes = grant.scope.split(" ");
  const now = Date.now();
  const accessToken = newToken("hf_oauth_");
  ctx.identity.putToken({
    token: accessToken, userName: user.name,
    // A token that may only read the profile is a read token, as on the Hub.
    role: scopes.some((x) => WRITE_SCOPES.has(x)) ? "write" : "read",
    displayName: `oauth:${clientId}`, kind: "oauth", createdAt: isoNow(now), expiresAt: now + ACCESS_TOKEN_TTL_S * 1000,
  });
  store.putTokenInfo({ token: accessToken, clientId, scope: grant.scope });
  store.recordCodeToken(code, accessToken);

  const response: Record<string, string | number> = {
    access_token: accessToken, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S, scope: grant.scope,
  };
  if (scopes.includes("openid")) {
    const base = origin(c);
    const claims: Record<string, unknown> = { ...profileClaims(base, user, scopes) };
    if (grant.nonce !== null) claims.nonce = grant.nonce;
    response.id_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: store.signingKey.kid, typ: "JWT" })
      .setIssuer(base)
      .setAudience(clientId)
      .setSubject(user.id)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + ID_TOKEN_TTL_S)
      .sign(key);
  }
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
  return c.json(response);
}

/** `GET|POST /oauth/userinfo`: the Hub's userinfo shape, with `orgs` under the `profile` scope. */
function userinfoOf(ctx: HubContext, store: OAuthStore, c: Context): Response {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const record = match ? ctx.identity.token(match[1]) : null;
  const user = record ? ctx.identity.account(record.userName) : null;
  if (!match || !record || !user) {
    c.header("WWW-Authenticate", 'Bearer error="invalid_token"');
    return c.json({ error: "Invalid credentials in Authorization header" }, 401);
  }
  // Plain access tokens act with every scope; OAuth tokens with the ones granted.
  const scopes = (store.tokenInfo(record.token)?.scope ?? SUPPORTED_SCOPES.join(" ")).split(" ");
  const base = origin(c);
  const body: Record<string, unknown> = { sub: user.id, ...profileClaims(base, user, scopes) };
  if (scopes.includes("profile")) {
    body.orgs = ctx.identity.orgsOf(user.name).map((o) => ({
      sub: o.id, name: o.fullname, preferred_username: o.name, picture: `${base}/avatars/${o.name}.svg`,
      isEnterprise: false, canPay: false, roleInOrg: "admin", missingMFA: false,
    }));
  }
  return c.json(body);
}

/** Profile claims shared by the id_token and userinfo (the Hub's names: `preferred_username` = the namespace). */
function profileClaims(base: string, user: Account, scopes: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (scopes.includes("profile")) {
    Object.assign(claims, {
      name: user.fullname, preferred_username: user.name, profile: `${base}/${user.name}`,
      picture: `${base}/avatars/${user.name}.svg`, isPro: false, canPay: false,
    });
  }
  if (scopes.includes("email") && user.email) Object.assign(claims, { email: user.email, email_verified: true });
  return claims;
}
