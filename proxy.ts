import { NextResponse, type NextRequest } from "next/server";
import { SIGN_IN_PATH } from "@/lib/auth/auth.config";
import { readSessionClaims } from "@/lib/auth/read-session-claims";
import { env } from "@/lib/env";

/** Paths reachable without a session; everything else needs one. */
function isPublic(pathname: string): boolean {
  return (
    pathname === SIGN_IN_PATH ||
    pathname.startsWith(`${SIGN_IN_PATH}/`) ||
    pathname.startsWith("/api/auth/") ||
    pathname === "/api/health"
  );
}

/**
 * The request proxy (Next 16's `proxy.ts`, formerly middleware): a first gate in front of every page
 * and route handler (issue 5). Signed-out requests to pages go to `/sign-in?callbackUrl=<path>`; to
 * `/api/*`, a 401 JSON in the app's error shape. A session whose Hub token has expired (OAuth tokens
 * carry an expiry) goes to `/sign-in?error=expired`. Pages, actions and route handlers still run
 * `authorize()` themselves: this gate only reads the JWT cookie, it does not know about namespaces.
 *
 * It reads the cookie without Auth.js's `auth()` wrapper on purpose: that wrapper re-issues the
 * session cookie on every request, so a poll in flight during sign-out would sign the user back in.
 */
export async function proxy(req: NextRequest): Promise<NextResponse> {
  const { pathname, search } = req.nextUrl;
  // Server actions answer for themselves: each runs authorize() and returns `unauthenticated` as a
  // value the form can show, which a redirect here would turn into a broken action response.
  if (isPublic(pathname) || req.headers.has("next-action")) return NextResponse.next();
  const secret = env().AUTH_SECRET;
  const claims = secret ? await readSessionClaims({ headers: req.headers, secret }) : null;
  const expired = claims?.hfTokenExpiresAt != null && claims.hfTokenExpiresAt <= Date.now();
  if (claims && !expired) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: { code: "unauthenticated", message: expired ? "Your session expired. Sign in again." : "Sign in to continue." } },
      { status: 401 },
    );
  }
  const url = req.nextUrl.clone();
  url.pathname = SIGN_IN_PATH;
  url.search = "";
  url.searchParams.set("callbackUrl", pathname + search);
  if (expired) url.searchParams.set("error", "expired");
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but Next's static files, public assets with an extension, and POST /api/launch: Next
  // buffers in memory every request body the proxy sees (up to proxyClientMaxBodySize), and a launch
  // body is up to 5 GiB of files. The launch route checks the session itself before reading its body.
  matcher: ["/((?!_next/static|_next/image|api/launch$|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|woff2?)$).*)"],
};
