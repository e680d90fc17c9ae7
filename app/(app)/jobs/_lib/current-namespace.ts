import "server-only";
import { cookies } from "next/headers";
import type { HubSession } from "@/lib/auth/session";
import { NAMESPACE_COOKIE } from "@/components/jobs/namespace-cookie";

/**
 * The namespace a page shows: `?ns=` when the user may act in it, else the remembered cookie, else
 * the user's own name (first of `session.namespaces`). Never returns a namespace outside the session's
 * list, so a crafted `?ns=` cannot widen access (route handlers check again with `authorize`).
 */
export async function currentNamespace({ session, requested }: { session: HubSession; requested?: string | string[] }): Promise<string> {
  const fromUrl = typeof requested === "string" ? requested : undefined;
  const fromCookie = (await cookies()).get(NAMESPACE_COOKIE)?.value;
  const pick = [fromUrl, fromCookie].find((ns): ns is string => !!ns && session.namespaces.includes(ns));
  return pick ?? session.namespaces[0] ?? session.user.name;
}
