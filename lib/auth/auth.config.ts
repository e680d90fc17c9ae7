import type { NextAuthConfig } from "next-auth";
import { hubSessionClaimsSchema } from "./hub-session-claims";
import { safeAuthRedirect } from "./safe-callback-url";

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
  session: { strategy: "jwt" },
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
