import { getToken } from "next-auth/jwt";
import { hubSessionClaimsSchema, type HubSessionClaims } from "./hub-session-claims";
import { isSessionRevoked, sessionIdOf } from "./revoked-sessions";

/** Auth.js's session cookie names: `__Secure-` on https, plain on http (@auth/core/lib/utils/cookie.js). */
const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

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
    const token = await getToken({ req: { headers }, secret, cookieName, salt: cookieName, secureCookie: cookieName.startsWith("__Secure-") });
    const claims = hubSessionClaimsSchema.safeParse(token);
    if (!claims.success) continue;
    const id = sessionIdOf(token);
    if (!id || isSessionRevoked(id)) return null;
    return claims.data;
  }
  return null;
}
