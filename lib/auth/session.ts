import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "@/lib/env";
import type { HubCredentials } from "@/lib/hub/credentials";
import { readSessionClaims } from "./read-session-claims";

/** The signed-in user, server-side only (it carries the token). */
export interface HubSession extends HubCredentials {
  user: { name: string; fullname?: string; avatarUrl?: string };
  /** namespaces the user may act in: their own name first, then their orgs */
  namespaces: string[];
}

let testSession: HubSession | null | undefined;

/** Test seam: makes {@link getHubSession} return `session` (undefined restores the real lookup). */
export function setHubSessionForTests(session: HubSession | null | undefined): void {
  testSession = session;
}

/**
 * The request's Hub claims from the encrypted Auth.js cookie (`auth()` only returns the browser-safe
 * `session()` output, so the token is read from the cookie itself, specs/stack.md §6). Memoized per request.
 */
const readClaims = cache(async () => {
  // Read the request first, always: that is what makes every page calling this dynamic (rendered per
  // request), even in a build without AUTH_SECRET.
  const requestHeaders = new Headers(await headers());
  const secret = env().AUTH_SECRET;
  if (!secret) return null;
  return readSessionClaims({ headers: requestHeaders, secret });
});

/**
 * The current request's session, or null when signed out, when the cookie does not decode, or when the
 * Hub token's own expiry (OAuth tokens) has passed. Server-side only: the result carries the token.
 * A token revoked on the Hub is only noticed when a Hub call answers 401; turn that into a sign-in
 * redirect with lib/auth/hub-unauthorized.ts.
 */
export async function getHubSession(): Promise<HubSession | null> {
  if (testSession !== undefined) return testSession;
  const claims = await readClaims();
  if (!claims) return null;
  if (claims.hfTokenExpiresAt !== null && claims.hfTokenExpiresAt <= Date.now()) return null;
  const { hubUser, namespaces, hfToken } = claims;
  return {
    hubUrl: env().HF_HUB_URL,
    accessToken: hfToken,
    user: { name: hubUser.name, fullname: hubUser.fullname, avatarUrl: hubUser.avatarUrl },
    namespaces,
  };
}
