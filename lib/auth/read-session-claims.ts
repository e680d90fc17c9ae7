import { getToken } from "next-auth/jwt";
import { hubSessionClaimsSchema, type HubSessionClaims } from "./hub-session-claims";
import { isSessionRevoked, sessionIdOf } from "./revoked-sessions";

/** Auth.js's session cookie names: `__Secure-` on https, plain on http (@auth/core/lib/utils/cookie.js). */
const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * Decoded session tokens by secret, cookie name and the request's whole `Cookie` header (the token's
 * only input once the cookie is there): a launch reads the session twice (the route, then the launch
 * service) and every read decrypted the JWE again (HKDF + AES), a few ms of the app's CPU per request
 * under 50 concurrent launches (issue 15 item 3). Only successful decodes are kept, each until the
 * token's own `exp` and at most {@link DECODED_TTL_MS}; revocation is still checked on every read.
 */
const decodedTokens = new Map<string, { token: Record<string, unknown>; until: number }>();
const DECODED_TTL_MS = 60_000;
const MAX_DECODED = 500;

async function decodeToken(headers: Headers, cookieHeader: string, secret: string, cookieName: string): Promise<Record<string, unknown> | null> {
  const key = `${secret}\n${cookieName}\n${cookieHeader}`;
  const now = Date.now();
  const hit = decodedTokens.get(key);
  if (hit && hit.until > now) return hit.token;
  if (hit) decodedTokens.delete(key);
  const token = await getToken({ req: { headers }, secret, cookieName, salt: cookieName, secureCookie: cookieName.startsWith("__Secure-") });
  const exp = token && typeof token.exp === "number" ? token.exp * 1000 : null;
  if (token && exp !== null && exp > now) {
    if (decodedTokens.size >= MAX_DECODED) decodedTokens.delete(decodedTokens.keys().next().value ?? "");
    decodedTokens.set(key, { token, until: Math.min(exp, now + DECODED_TTL_MS) });
  }
  return token;
}

function hasCookie(cookieHeader: string, name: string): boolean {
  // Auth.js splits large JWTs into `name.0`, `name.1`, … (getToken joins them).
  return cookieHeader.split(";").some((part) => {
    const key = part.trim().split("=", 1)[0] ?? "";
    return key === name || key.startsWith(`${name}.`);
  });
}

/**
 * Decodes the request's Auth.js JWT session cookie with `secret` (AUTH_SECRET), READ-ONLY: unlike
 * Auth.js's `auth()` wrapper, it never answers with a refreshed `Set-Cookie`. That matters for sign-out:
 * a request in flight when the user signs out must not re-issue the session cookie afterwards.
 * @param headers the request's headers (only `cookie` is read)
 * @returns the Hub claims (token, user, namespaces), or null when there is no cookie, it does not
 *   decode with this secret, it lacks the claims (lib/auth/hub-session-claims.ts), or its session
 *   was signed out (lib/auth/revoked-sessions.ts: a cookie copied before sign-out is refused)
 */
export async function readSessionClaims({ headers, secret }: { headers: Headers; secret: string }): Promise<HubSessionClaims | null> {
  const cookieHeader = headers.get("cookie") ?? "";
  for (const cookieName of COOKIE_NAMES) {
    if (!hasCookie(cookieHeader, cookieName)) continue;
    const token = await decodeToken(headers, cookieHeader, secret, cookieName);
    const claims = hubSessionClaimsSchema.safeParse(token);
    if (!claims.success) continue;
    const id = sessionIdOf(token);
    if (!id || isSessionRevoked(id)) return null;
    return claims.data;
  }
  return null;
}
