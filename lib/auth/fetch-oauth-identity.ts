import "server-only";
import { z } from "zod";
import { absoluteAvatar } from "./validate-hub-token";
import type { HubSessionClaims } from "./hub-session-claims";

/** The fields of `GET {hub}/oauth/userinfo` the app reads (the Hub's shape: `preferred_username` = namespace). */
const userinfoSchema = z.object({
  sub: z.string(),
  preferred_username: z.string().min(1),
  name: z.string().optional(),
  picture: z.string().optional(),
  orgs: z.array(z.object({ preferred_username: z.string().min(1) })).optional(),
});

/**
 * After an OAuth sign-in: reads the user and their orgs from the Hub's OIDC userinfo endpoint with the
 * new access token (the id_token has no orgs) and builds the session claims.
 * @param params.expiresAt epoch seconds from the token response (`account.expires_at`), if any
 * @throws Error when the Hub answers non-2xx or a body without `preferred_username`; Auth.js then
 *   ends the sign-in on its error page instead of creating a session without namespaces
 */
export async function fetchOAuthIdentity(params: {
  hubUrl: string;
  accessToken: string;
  expiresAt?: number;
  fetch?: typeof fetch;
}): Promise<HubSessionClaims> {
  const res = await (params.fetch ?? fetch)(`${params.hubUrl}/oauth/userinfo`, {
    headers: { authorization: `Bearer ${params.accessToken}` },
    cache: "no-store",
  });
  if (!res.ok) throw new Error(`userinfo answered HTTP ${res.status}`);
  const info = userinfoSchema.parse(await res.json());
  const orgs = (info.orgs ?? []).map((o) => o.preferred_username).filter((n) => n !== info.preferred_username);
  return {
    hfToken: params.accessToken,
    hfTokenExpiresAt: params.expiresAt ? params.expiresAt * 1000 : null,
    hubUser: { name: info.preferred_username, fullname: info.name, avatarUrl: absoluteAvatar(params.hubUrl, info.picture) },
    namespaces: [info.preferred_username, ...orgs],
    via: "oauth",
  };
}
