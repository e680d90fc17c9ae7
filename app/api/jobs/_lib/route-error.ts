import "server-only";
import type { NextRequest } from "next/server";
import { authorize } from "@/lib/auth/authorize";
import { HUB_ID_PATTERN } from "@/lib/jobs/schema";
import { AppError } from "@/lib/errors";
import { toActionError } from "@/lib/hub/to-action-error";
import type { ActionResult } from "@/lib/result";
import type { HubSession } from "@/lib/auth/session";

/**
 * Turns anything a read route caught into a JSON error response in the app's vocabulary, through
 * the one Hub-error mapper (lib/hub/to-action-error.ts). Unknown errors are bugs: rethrown so Next
 * logs them and answers 500.
 */
export function routeError(err: unknown): Response {
  const error = toActionError(err);
  if (!error) throw err;
  return new AppError(error.code, error.message, { requestId: error.requestId, fieldErrors: error.fieldErrors }).toResponse();
}

/** The failure response of an `authorize()` result (unauthenticated / forbidden). */
export function authError(result: Extract<ActionResult<HubSession>, { ok: false }>): Response {
  return new AppError(result.error.code, result.error.message).toResponse();
}

/** `Cache-Control` for every read: per-user data, never cached by a shared cache. */
export const NO_STORE = { "cache-control": "private, no-store" } as const;

/**
 * A GET route handler under `/api/…/[namespace]/…`: awaits the params, runs `authorize(namespace)`
 * first (401/403 in the app's error shape, issue 5: no route skips it), refuses an `id` param that is
 * not {@link HUB_ID_PATTERN} (400), then `handler` with the
 * session's credentials; whatever the handler throws goes through {@link routeError}.
 * @returns the handler Next calls as `GET(request, { params })`
 */
export function namespacedRoute<P extends { namespace: string }>(
  handler: (p: { request: NextRequest; params: P; session: HubSession }) => Promise<Response>,
): (request: NextRequest, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (request, ctx) => {
    const params = await ctx.params;
    const auth = await authorize(params.namespace);
    if (!auth.ok) return authError(auth);
    // The id goes into a Hub URL unencoded (@huggingface/hub getJob & co.): `..%2F` could reach other paths.
    if ("id" in params && (typeof params.id !== "string" || !HUB_ID_PATTERN.test(params.id))) {
      return new AppError("invalid_input", "id: not a job id (letters, digits, _ and - only).", { fieldErrors: { id: ["not a job id"] } }).toResponse();
    }
    try {
      return await handler({ request, params, session: auth.data });
    } catch (err) {
      return routeError(err);
    }
  };
}
