import { z } from "zod";

/**
 * What the encrypted Auth.js JWT cookie carries besides Auth.js's own claims (STYLE.md: the token lives
 * only server-side, specs/stack.md §6 and pitfall 3). Parsed with zod whenever it is read, so a cookie
 * written by an older version reads as "signed out" rather than as a half-filled session.
 * Client-safe: the schema holds no values.
 */
export const hubSessionClaimsSchema = z.object({
  /** the Hub token (`hf_…`, or `hf_oauth_…` from the local Hub); never copied into the session object */
  hfToken: z.string().startsWith("hf_"),
  /** epoch ms when the Hub token expires (OAuth access tokens), or null (pasted tokens) */
  hfTokenExpiresAt: z.number().nullable(),
  hubUser: z.object({
    /** the user's namespace (Hub `name` / OIDC `preferred_username`) */
    name: z.string().min(1),
    fullname: z.string().optional(),
    /** absolute avatar URL */
    avatarUrl: z.string().optional(),
  }),
  /** the user's own name first, then their orgs */
  namespaces: z.array(z.string().min(1)).min(1),
  /** which sign-in produced the session */
  via: z.enum(["oauth", "token"]),
});
export type HubSessionClaims = z.infer<typeof hubSessionClaimsSchema>;
