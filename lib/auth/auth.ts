import "server-only";
import NextAuth, { type NextAuthConfig, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import HuggingFace from "next-auth/providers/huggingface";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { authConfig, authCookieOptions, huggingFaceProviderOptions, SESSION_MAX_AGE_SECONDS } from "./auth.config";
import { fetchOAuthIdentity } from "./fetch-oauth-identity";
import { hubSessionClaimsSchema, type HubSessionClaims } from "./hub-session-claims";
import { revokeSession, sessionIdOf } from "./revoked-sessions";
import { validateHubToken } from "./validate-hub-token";

/** Scopes asked of the Hub: identity, plus running Jobs and writing buckets/repos (issue 5, item 1). */
export const HUB_OAUTH_SCOPES = "openid profile jobs manage-repos";

/** Credentials provider id of the "paste an access token" sign-in. */
export const TOKEN_PROVIDER_ID = "hf-token";

/** True when the Hugging Face OAuth app is configured (always in local mode, via scripts/start.mjs; in a Space with `hf_oauth`). */
export function oauthConfigured(): boolean {
  return huggingFaceProviderOptions(env(), HUB_OAUTH_SCOPES) !== null;
}

type UserWithClaims = User & { hubClaims: HubSessionClaims };

/**
 * The full Auth.js config: {@link authConfig} plus the providers and the `jwt()` callback that puts the
 * Hub token into the encrypted JWT. Built lazily (per request) so `next build` never reads the env.
 * - `huggingface`: Auth.js's built-in OIDC provider (`@auth/core/providers/huggingface.js`, checks state
 *   + PKCE) pointed at `HF_HUB_URL`, which discovers `{hub}/.well-known/openid-configuration`;
 * - `hf-token`: a pasted token checked with whoAmI. Its `authorize()` can only say null, so the
 *   sign-in action validates first to show a precise message (lib/auth/actions.ts).
 */
function config(): NextAuthConfig {
  const e = env();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      id: TOKEN_PROVIDER_ID,
      name: "Access token",
      credentials: { token: { label: "Access token", type: "password" } },
      async authorize(credentials) {
        const token = typeof credentials?.token === "string" ? credentials.token : "";
        const result = await validateHubToken({ hubUrl: e.HF_HUB_URL, accessToken: token });
        if (!result.ok) return null;
        const user: UserWithClaims = { id: result.claims.hubUser.name, name: result.claims.hubUser.name, hubClaims: result.claims };
        return user;
      },
    }),
  ];
  const oauth = huggingFaceProviderOptions(e, HUB_OAUTH_SCOPES);
  if (oauth) providers.push(HuggingFace(oauth));
  return {
    ...authConfig,
    ...authCookieOptions(e),
    secret: e.AUTH_SECRET,
    providers,
    logger: {
      error: (error) => log.error("auth", { error }),
      warn: (code) => log.warn("auth", { code }),
      debug: () => {},
    },
    callbacks: {
      ...authConfig.callbacks,
      async jwt({ token, user, account }) {
        if (!account) return token;
        let claims: HubSessionClaims;
        if (account.provider === TOKEN_PROVIDER_ID) {
          claims = hubSessionClaimsSchema.parse((user as Partial<UserWithClaims> | undefined)?.hubClaims);
        } else if (account.provider === "huggingface" && account.access_token) {
          claims = await fetchOAuthIdentity({ hubUrl: e.HF_HUB_URL, accessToken: account.access_token, expiresAt: account.expires_at });
        } else {
          throw new Error(`sign-in through "${account.provider}" gave no Hub token`);
        }
        // Only what the session needs: no email, no id_token, no refresh token in the cookie. `sid`
        // names this sign-in across cookie renewals, so sign-out can revoke it (revoked-sessions.ts).
        const sid = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
        return { sub: token.sub, sid, name: claims.hubUser.name, picture: claims.hubUser.avatarUrl, ...claims };
      },
    },
    events: {
      // Sign-out means out: a copy of this session's cookie is refused from now on (issue 11 item 6).
      signOut(message) {
        const token = "token" in message ? message.token : null;
        const id = sessionIdOf(token);
        if (!id) return;
        const exp = typeof token?.exp === "number" ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_SECONDS * 1000;
        revokeSession(id, exp);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
