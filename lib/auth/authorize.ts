import "server-only";
import { fail, ok, type ActionResult } from "@/lib/result";
import { getHubSession, type HubSession } from "./session";

/**
 * The one check every server action and route handler runs first: signed in, and (when given) the
 * namespace is the user's own or one of their orgs.
 * @returns the session, or `unauthenticated` / `forbidden` as an ActionResult error
 */
export async function authorize(namespace?: string): Promise<ActionResult<HubSession>> {
  const session = await getHubSession();
  if (!session) return fail({ code: "unauthenticated", message: "Sign in to continue." });
  if (namespace !== undefined && !session.namespaces.includes(namespace)) {
    return fail({ code: "forbidden", message: `You can't act in namespace "${namespace}".` });
  }
  return ok(session);
}
