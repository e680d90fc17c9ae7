import "server-only";
import type { HubCredentials } from "@/lib/hub/credentials";

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
 * The current request's session, or null when signed out.
 * PLACEHOLDER until the sign-in issue lands: only the test seam.
 */
export async function getHubSession(): Promise<HubSession | null> {
  if (testSession !== undefined) return testSession;
  return null;
}
