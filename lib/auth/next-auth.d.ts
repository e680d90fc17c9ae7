import type { DefaultSession } from "next-auth";

// What `session()` in auth.config.ts adds to the browser-readable session (no token, ever).
declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"];
    /** the user's display name on the Hub */
    fullname?: string | null;
    /** the user's own namespace first, then their orgs */
    namespaces: string[];
    /** true when the encrypted JWT holds a Hub token (the token itself stays server-side) */
    hasHfToken: boolean;
    /** epoch ms when the Hub token expires, or null */
    hubTokenExpiresAt: number | null;
  }
}
