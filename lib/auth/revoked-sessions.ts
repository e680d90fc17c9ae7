import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { env } from "@/lib/env";

/**
 * The revocation record that makes sign-out final (issue 11 item 6). Sessions are stateless JWT
 * cookies, so a cookie copied before sign-out would otherwise stay valid until it expires. On sign-out
 * the session's id (`sid`, set at sign-in and kept across renewals; a cookie without one is keyed by
 * its `jti`) is recorded with the cookie's expiry; {@link isSessionRevoked} refuses it from then on.
 *
 * The record is a small JSON file (`{ id: expiresAtMs }`, expired entries dropped) in the app's data
 * folder, so it survives restarts and is shared by the app processes of one machine (re-read when the
 * file changes). Instances on other machines do not see it: there the residual window is the session
 * lifetime (SESSION_MAX_AGE_SECONDS in lib/auth/auth.config.ts), as the README says.
 * Not `server-only`: proxy.ts reads it too (Node runtime).
 */

let file: string | null = null;
let cache: { mtimeMs: number; entries: Record<string, number> } | null = null;

/** Where the record lives: `{dir}/revoked-sessions.json`. Set once at startup (tests: a temp dir). */
export function setRevocationDir(dir: string): void {
  file = join(dir, "revoked-sessions.json");
  cache = null;
}

function path(): string {
  file ??= join(env().APP_DATA_DIR || join(process.cwd(), ".data"), "revoked-sessions.json");
  return file;
}

function load(): Record<string, number> {
  const p = path();
  let mtimeMs: number;
  try {
    mtimeMs = statSync(p).mtimeMs;
  } catch {
    return (cache = { mtimeMs: 0, entries: cache?.entries ?? {} }).entries;
  }
  if (cache && cache.mtimeMs === mtimeMs) return cache.entries;
  try {
    const raw = JSON.parse(readFileSync(p, "utf8")) as unknown;
    const entries: Record<string, number> = {};
    if (raw && typeof raw === "object") for (const [k, v] of Object.entries(raw)) if (typeof v === "number") entries[k] = v;
    cache = { mtimeMs, entries };
  } catch {
    cache = { mtimeMs, entries: cache?.entries ?? {} };
  }
  return cache.entries;
}

/**
 * Records a session as signed out until `expiresAtMs` (its cookie's `exp`; after that the cookie is
 * refused anyway). Written atomically (temp file + rename).
 * @param id the session's `sid`, or the cookie's `jti`
 */
export function revokeSession(id: string, expiresAtMs: number): void {
  const now = Date.now();
  const entries = Object.fromEntries(Object.entries(load()).filter(([, exp]) => exp > now));
  entries[id] = Math.max(expiresAtMs, now + 60_000);
  const p = path();
  mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
  const tmp = `${p}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(entries), { mode: 0o600 });
  renameSync(tmp, p);
  cache = { mtimeMs: statSync(p).mtimeMs, entries };
}

/** True when the session `id` was signed out (and its cookie has not expired yet). */
export function isSessionRevoked(id: string): boolean {
  const exp = load()[id];
  return exp !== undefined && exp > Date.now();
}

/** The revocation id of a decoded session JWT: its `sid`, else its `jti`; null when it has neither. */
export function sessionIdOf(token: Record<string, unknown> | null | undefined): string | null {
  if (!token) return null;
  if (typeof token.sid === "string" && token.sid) return token.sid;
  if (typeof token.jti === "string" && token.jti) return token.jti;
  return null;
}
