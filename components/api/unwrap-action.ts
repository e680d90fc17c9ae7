import type { ActionResult } from "@/lib/result";

/**
 * A server action's result as a mutation wants it: the data, or a thrown Error with the action's
 * message (react-query's `error`). Mutations call the server actions of lib/jobs/actions.ts.
 */
export async function unwrapAction<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}
