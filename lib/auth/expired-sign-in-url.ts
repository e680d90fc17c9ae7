import { appPaths } from "@/lib/app-paths";
import { isSafeSitePath } from "./safe-callback-url";

/**
 * The sign-in URL for a session whose Hub token expired or was revoked: `/sign-in?error=expired`, plus
 * `&callbackUrl=<path>` when a same-site path is given. Client-safe, so a client component that gets
 * `error.code === "unauthenticated"` from a route handler or action can send the user there:
 * `window.location.assign(expiredSignInUrl(location.pathname + location.search))`.
 */
export function expiredSignInUrl(callbackUrl?: string): string {
  const base = `${appPaths.signIn()}?error=expired`;
  if (!callbackUrl || !isSafeSitePath(callbackUrl)) return base;
  return `${base}&callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
