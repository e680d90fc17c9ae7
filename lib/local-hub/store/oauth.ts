import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "./db";

/**
 * The app's OAuth client as written to `{dir}/oauth-client.json` (issue 2, item 4). `scripts/start.mjs`
 * reads `clientId`/`clientSecret` from it to configure Auth.js in local mode.
 */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** exact-match redirect URIs, e.g. `http://localhost:3000/api/auth/callback/huggingface` */
  redirectUris: string[];
}

/**
 * A public OAuth client (RFC 6749 §2.1): a browser app or static Space that holds no secret and proves
 * itself with PKCE alone, as `@huggingface/hub` `oauthLoginUrl` / `oauthHandleRedirect` do (the token
 * request carries `code`, `redirect_uri` and `code_verifier`, no client credentials). Registered in
 * `{dir}/oauth-public-clients.json` (an array of these), or at run time through the test controls.
 */
export interface PublicOAuthClient {
  clientId: string;
  /** exact-match redirect URIs */
  redirectUris: string[];
}

/** The parameters a consent was shown for; bound to its one-time form nonce. */
export interface ConsentRequest {
  clientId: string;
  redirectUri: string;
  /** space-separated, already validated */
  scope: string;
  state: string | null;
  codeChallenge: string;
  /** OIDC `nonce`, echoed into the id_token */
  nonce: string | null;
}

/** An issued authorization code's binding (RFC 6749 §4.1.2, RFC 7636 §4.4). */
export interface CodeGrant extends ConsentRequest {
  userName: string;
  /** epoch ms */
  expiresAt: number;
}

/** What the provider remembers about an access token it minted (the token itself lives in `tokens`). */
export interface OAuthTokenInfo {
  token: string;
  clientId: string;
  scope: string;
}

/** The RSA private key (JWK with `kid`, `alg: RS256`) that signs id_tokens. */
export interface SigningJwk {
  kty: "RSA";
  kid: string;
  alg: "RS256";
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

/** Lifetime of an authorization code: 60 s (issue 2, item 4). */
export const CODE_TTL_MS = 60_000;
/** How long a used code is remembered, so that a replay can revoke what it issued: 10 min. */
export const USED_CODE_TTL_MS = 10 * 60_000;
/** Lifetime of a consent form nonce: 10 min, long enough for a person to read the page. */
export const CONSENT_TTL_MS = 10 * 60_000;

function ensureOAuthSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS oauth_consents (
      nonce TEXT PRIMARY KEY, request TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS oauth_codes (
      code TEXT PRIMARY KEY, grant_json TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS oauth_tokens (
      token TEXT PRIMARY KEY, client_id TEXT NOT NULL, scope TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS oauth_used_codes (
      code TEXT PRIMARY KEY, token TEXT, forget_at INTEGER NOT NULL);
  `);
}

/**
 * The scopes an OAuth access token was granted (space-separated in `oauth_tokens`), or null when
 * `token` is not one the token endpoint minted (a plain access token, which keeps its role's rights).
 */
export function oauthTokenScopes(db: Db, token: string): string[] | null {
  ensureOAuthSchema(db);
  const row = db.prepare(`SELECT scope FROM oauth_tokens WHERE token = ?`).get(token) as { scope: string } | undefined;
  return row ? row.scope.split(" ").filter(Boolean) : null;
}

function isRedirectUri(uri: string): boolean {
  const url = URL.canParse(uri) ? new URL(uri) : null;
  return Boolean(url && (url.protocol === "http:" || url.protocol === "https:") && !url.hash);
}

/** What {@link OAuthStore.takeCode} found. */
export type CodeLookup =
  | { kind: "grant"; grant: CodeGrant }
  /** the code was already exchanged: `token` is what that exchange issued (null when it failed) */
  | { kind: "replayed"; token: string | null }
  | { kind: "invalid" };

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/**
 * State of the local Hub's OAuth/OIDC provider: the app's client (`oauth-client.json`), the id_token
 * signing key (`oauth-signing-key.json`, RSA 2048, created at first start), one-time consent nonces,
 * single-use authorization codes and the scope of minted tokens (SQLite).
 */
export class OAuthStore {
  readonly client: OAuthClient;
  readonly signingKey: SigningJwk;
  private readonly publicClients = new Map<string, PublicOAuthClient>();

  /**
   * Loads or creates the client and key under `dir`. The registered redirect URIs are the stored ones
   * merged with `redirectUris` (the CLI's `--redirect-uri`), and the file is rewritten with the union.
   * @throws Error when a redirect URI is not an absolute http(s) URL
   */
  constructor(
    private readonly db: Db,
    dir: string,
    redirectUris: readonly string[] = [],
  ) {
    ensureOAuthSchema(db);
    for (const uri of redirectUris) {
      if (!isRedirectUri(uri)) throw new Error(`--redirect-uri must be an absolute http(s) URL without a fragment, got "${uri}"`);
    }
    for (const pc of readJson<PublicOAuthClient[]>(join(dir, "oauth-public-clients.json")) ?? []) this.addPublicClient(pc);
    const clientFile = join(dir, "oauth-client.json");
    const stored = readJson<OAuthClient>(clientFile);
    this.client = {
      clientId: stored?.clientId ?? randomBytes(16).toString("hex"),
      clientSecret: stored?.clientSecret ?? randomBytes(32).toString("base64url"),
      redirectUris: [...new Set([...(stored?.redirectUris ?? []), ...redirectUris])],
    };
    writeFileSync(clientFile, JSON.stringify(this.client, null, 2) + "\n", { mode: 0o600 });

    const keyFile = join(dir, "oauth-signing-key.json");
    let key = readJson<SigningJwk>(keyFile);
    if (!key) {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const jwk = privateKey.export({ format: "jwk" }) as Omit<SigningJwk, "kid" | "alg">;
      key = { ...jwk, kty: "RSA", kid: randomBytes(8).toString("hex"), alg: "RS256" };
      writeFileSync(keyFile, JSON.stringify(key) + "\n", { mode: 0o600 });
    }
    this.signingKey = key;
  }

  /**
   * Registers (or replaces) a public client.
   * @throws Error when the id is empty or the app's own client id, or a redirect URI is not absolute http(s)
   */
  addPublicClient(client: PublicOAuthClient): void {
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(client.clientId) || client.clientId === this.client.clientId) {
      throw new Error(`public OAuth client id "${client.clientId}" is invalid or taken`);
    }
    const bad = client.redirectUris.find((u) => !isRedirectUri(u));
    if (bad !== undefined || client.redirectUris.length === 0) throw new Error(`public OAuth client ${client.clientId}: bad redirect URI "${bad ?? ""}"`);
    this.publicClients.set(client.clientId, { clientId: client.clientId, redirectUris: [...client.redirectUris] });
  }

  /** The registered redirect URIs of a client (the app's or a public one), or null for an unknown client. */
  redirectUrisOf(clientId: string): string[] | null {
    if (clientId === this.client.clientId) return this.client.redirectUris;
    return this.publicClients.get(clientId)?.redirectUris ?? null;
  }

  /** True for a registered public client (no secret, PKCE only). */
  isPublicClient(clientId: string): boolean {
    return this.publicClients.has(clientId);
  }

  /** The public half of the signing key, as served in the JWKS. */
  publicJwk(): { kty: "RSA"; kid: string; alg: "RS256"; use: "sig"; n: string; e: string } {
    const { kid, n, e } = this.signingKey;
    return { kty: "RSA", kid, alg: "RS256", use: "sig", n, e };
  }

  /** Remembers the parameters a consent page was rendered for; returns the form's one-time nonce. */
  createConsent(request: ConsentRequest, now = Date.now()): string {
    const nonce = randomBytes(24).toString("base64url");
    this.db.prepare(`DELETE FROM oauth_consents WHERE expires_at <= ?`).run(now);
    this.db
      .prepare(`INSERT INTO oauth_consents (nonce, request, expires_at) VALUES (?, ?, ?)`)
      .run(nonce, JSON.stringify(request), now + CONSENT_TTL_MS);
    return nonce;
  }

  /** Consumes a consent nonce: its request once, then null (also null when unknown or expired). */
  takeConsent(nonce: string, now = Date.now()): ConsentRequest | null {
    const row = this.db.prepare(`DELETE FROM oauth_consents WHERE nonce = ? RETURNING request, expires_at`).get(nonce) as
      | { request: string; expires_at: number }
      | undefined;
    if (!row || row.expires_at <= now) return null;
    return JSON.parse(row.request) as ConsentRequest;
  }

  /** Issues a single-use code valid for {@link CODE_TTL_MS}. */
  createCode(grant: Omit<CodeGrant, "expiresAt">, now = Date.now()): string {
    const code = randomBytes(24).toString("base64url");
    this.db.prepare(`DELETE FROM oauth_codes WHERE expires_at <= ?`).run(now);
    const record: CodeGrant = { ...grant, expiresAt: now + CODE_TTL_MS };
    this.db
      .prepare(`INSERT INTO oauth_codes (code, grant_json, expires_at) VALUES (?, ?, ?)`)
      .run(code, JSON.stringify(record), record.expiresAt);
    return code;
  }

  /**
   * Consumes a code: whatever the outcome of the exchange, a code is never accepted twice. A used code
   * is remembered for {@link USED_CODE_TTL_MS} so that a second exchange is recognised as a replay, and
   * the caller revokes what the first one issued (RFC 6749 §4.1.2: "SHOULD revoke … all tokens
   * previously issued based on that authorization code").
   */
  takeCode(code: string, now = Date.now()): CodeLookup {
    this.db.prepare(`DELETE FROM oauth_used_codes WHERE forget_at <= ?`).run(now);
    const row = this.db.prepare(`DELETE FROM oauth_codes WHERE code = ? RETURNING grant_json`).get(code) as
      | { grant_json: string }
      | undefined;
    if (!row) {
      const used = this.db.prepare(`SELECT token FROM oauth_used_codes WHERE code = ?`).get(code) as { token: string | null } | undefined;
      return used ? { kind: "replayed", token: used.token } : { kind: "invalid" };
    }
    this.db.prepare(`INSERT OR REPLACE INTO oauth_used_codes (code, token, forget_at) VALUES (?, NULL, ?)`).run(code, now + USED_CODE_TTL_MS);
    const grant = JSON.parse(row.grant_json) as CodeGrant;
    return grant.expiresAt > now ? { kind: "grant", grant } : { kind: "invalid" };
  }

  /** Remembers the access token an exchange of `code` issued (revoked if the code is replayed). */
  recordCodeToken(code: string, token: string): void {
    this.db.prepare(`UPDATE oauth_used_codes SET token = ? WHERE code = ?`).run(token, code);
  }

  /** Records the client and scope of an access token minted by the token endpoint. */
  putTokenInfo(info: OAuthTokenInfo): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO oauth_tokens (token, client_id, scope) VALUES (?, ?, ?)`)
      .run(info.token, info.clientId, info.scope);
  }

  /** The client and scope of an OAuth access token, or null for other tokens. */
  tokenInfo(token: string): OAuthTokenInfo | null {
    const row = this.db.prepare(`SELECT * FROM oauth_tokens WHERE token = ?`).get(token) as
      | { token: string; client_id: string; scope: string }
      | undefined;
    return row ? { token: row.token, clientId: row.client_id, scope: row.scope } : null;
  }
}
