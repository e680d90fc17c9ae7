import type { NextAuthConfig } from "next-auth";
import { hubSessionClaimsSchema } from "./hub-session-claims";
import { safeAuthRedirect } from "./safe-callback-url";

/**
 * Session lifetime in seconds. Short, with rolling renewal (Auth.js re-issues the cookie when the
 * browser reads `/api/auth/session`, at most every {@link SESSION_UPDATE_AGE_SECONDS}): it bounds how
 * long a copied cookie works on an app instance that has not seen the sign-out (lib/auth/revoked-sessions.ts).
 */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 60 * 60;

/** Where sign-in lives; Auth.js also sends its errors there as `?error=<type>`. */
export const SIGN_IN_PATH = "/sign-in";

/**
 * The part of the Auth.js config that the request proxy (`proxy.ts`) shares with `auth.ts`: no
 * providers, no Hub calls, no `server-only` imports (the vercel/chatbot split, STYLE.md). Sessions are
 * JWTs (required for the Credentials provider, specs/stack.md §6), encrypted with `AUTH_SECRET`.
 *
 * `session()` decides what the browser may read at `/api/auth/session`: the user's name, avatar,
 * namespaces, a `hasHfToken` flag and the token's expiry — never the token (specs/stack.md pitfall 3).
 */
export const authConfig = {
  pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
  // `next start` outside Vercel: trust the Host header (AUTH_URL pins the public URL, pitfall 2).
  trustHost: true,
  providers: [],
  callbacks: {
    // Every redirect Auth.js makes stays on this site (issue 11: `/\\host`, a tab, `//host` left it).
    redirect: ({ url, baseUrl }) => safeAuthRedirect({ url, baseUrl }),
    session({ session, token }) {
      const claims = hubSessionClaimsSchema.safeParse(token);
      if (!claims.success) return { expires: session.expires, namespaces: [], hasHfToken: false, hubTokenExpiresAt: null };
      const { hubUser, namespaces, hfTokenExpiresAt } = claims.data;
      return {
        expires: session.expires,
        user: { name: hubUser.name, image: hubUser.avatarUrl ?? null },
        fullname: hubUser.fullname ?? null,
        namespaces,
        hasHfToken: true,
        hubTokenExpiresAt: hfTokenExpiresAt,
      };
    },
  },
} satisfies NextAuthConfig;
