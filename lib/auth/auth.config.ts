import type { NextAuthConfig } from "next-auth";
import { appPaths } from "@/lib/app-paths";
import type { Env } from "@/lib/env";
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
export const SIGN_IN_PATH = appPaths.signIn();

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

/** Options of Auth.js's built-in Hugging Face provider (`next-auth/providers/huggingface`) the env decides. */
export interface HuggingFaceProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  authorization: { params: { scope: string } };
}

/**
 * The Hugging Face OAuth provider's options from the environment, or null when no OAuth app is
 * configured (then only token sign-in is offered).
 * - `issuer`: `HF_HUB_URL` (in a Space, `OPENID_PROVIDER_URL`); discovery reads
 *   `{issuer}/.well-known/openid-configuration` and oauth4webapi checks its `issuer` equals it.
 * - `scope`: in a Space, exactly `OAUTH_SCOPES`, the scopes the Space's OAuth app was granted
 *   (hub-docs `spaces-oauth.md`: `openid profile` always, plus the README's `hf_oauth_scopes`);
 *   `openid` is added if missing (Auth.js's provider is OIDC). Elsewhere `defaultScope`.
 * @param e the parsed env (lib/env.ts)
 * @param defaultScope space-separated scopes asked for outside a Space
 */
export function huggingFaceProviderOptions(
  e: Pick<Env, "HF_HUB_URL" | "AUTH_HUGGINGFACE_ID" | "AUTH_HUGGINGFACE_SECRET" | "OAUTH_SCOPES">,
  defaultScope: string,
): HuggingFaceProviderOptions | null {
  if (!e.AUTH_HUGGINGFACE_ID || !e.AUTH_HUGGINGFACE_SECRET) return null;
  const scopes = (e.OAUTH_SCOPES ?? defaultScope).split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes("openid")) scopes.unshift("openid");
  return {
    issuer: e.HF_HUB_URL,
    clientId: e.AUTH_HUGGINGFACE_ID,
    clientSecret: e.AUTH_HUGGINGFACE_SECRET,
    authorization: { params: { scope: [...new Set(scopes)].join(" ") } },
  };
}

/** The Auth.js cookies (`@auth/core/lib/utils/cookie.js` `defaultCookies`), by config key and base name. */
const AUTH_COOKIES = {
  sessionToken: "authjs.session-token",
  callbackUrl: "authjs.callback-url",
  csrfToken: "authjs.csrf-token",
  pkceCodeVerifier: "authjs.pkce.code_verifier",
  state: "authjs.state",
  nonce: "authjs.nonce",
  webauthnChallenge: "authjs.challenge",
} as const;

/**
 * Cookie settings for a Space. The Hub shows a Space in an iframe on huggingface.co, another site
 * than `*.hf.space`: browsers send `SameSite=Lax` cookies (Auth.js's default) only to same-site frames,
 * and browsers that block third-party cookies (Safari; Chromium 156 as installed here, checked by
 * space:check) drop unpartitioned cross-site cookies in frames altogether. So with `crossSiteCookies`
 * (a Space over https, lib/env.ts) every Auth.js cookie is `SameSite=None; Secure; HttpOnly;
 * Partitioned` (CHIPS): opened directly, the Space works as any site; inside the iframe the visitor
 * has a session of its own, kept under huggingface.co's partition. Names are those Auth.js gives
 * secure cookies (`__Secure-…`, `__Host-` for the CSRF token), which lib/auth/read-session-claims.ts
 * reads. Otherwise `{}`: Auth.js's defaults (Lax, Secure on https).
 * @param e the parsed env (lib/env.ts)
 */
export function authCookieOptions(e: Pick<Env, "crossSiteCookies">): Pick<NextAuthConfig, "cookies" | "useSecureCookies"> {
  if (!e.crossSiteCookies) return {};
  const options = { httpOnly: true, sameSite: "none", path: "/", secure: true, partitioned: true } as const;
  const cookies: NonNullable<NextAuthConfig["cookies"]> = {};
  for (const [key, name] of Object.entries(AUTH_COOKIES) as [keyof typeof AUTH_COOKIES, string][]) {
    cookies[key] = { name: key === "csrfToken" ? `__Host-${name}` : `__Secure-${name}`, options };
  }
  return { useSecureCookies: true, cookies };
}
