import "server-only";
import { HubApiError } from "@huggingface/hub";
import { AppError } from "@/lib/errors";
import type { ErrorCode } from "@/lib/result";
import type { ActionResult } from "@/lib/result";
import type { HubSession } from "@/lib/auth/session";

/**
 * Turns anything a read route caught into a JSON error response in the app's vocabulary
 * (lib/result.ts). HubApiError keeps its status meaning and request id; network failures become
 * `hub_unavailable`; anything else is a bug and is rethrown so Next logs it.
 */
export function routeError(err: unknown): Response {
  if (err instanceof AppError) return err.toResponse();
  if (err instanceof HubApiError) {
    const code: ErrorCode =
      err.statusCode === 401
        ? "unauthenticated"
        : err.statusCode === 403
          ? "forbidden"
          : err.statusCode === 404
            ? "not_found"
            : err.statusCode === 409
              ? "conflict"
              : err.statusCode === 429
                ? "rate_limited"
                : err.statusCode === 400 || err.statusCode === 422
                  ? "invalid_input"
                  : err.statusCode >= 500
                    ? "hub_unavailable"
                    : "hub_error";
    // The client's message ends with ". URL: …" which names our Hub host; the user needs the first part.
    const message = err.message.split(". URL:")[0] || `The Hub answered ${err.statusCode}.`;
    return new AppError(code, message, { requestId: err.requestId }).toResponse();
  }
  if (err instanceof TypeError && /fetch failed|ECONNREFUSED|network/i.test(err.message)) {
    return new AppError("hub_unavailable", "The Hub cannot be reached right now.").toResponse();
  }
  throw err;
}

/** The failure response of an `authorize()` result (unauthenticated / forbidden). */
export function authError(result: Extract<ActionResult<HubSession>, { ok: false }>): Response {
  return new AppError(result.error.code, result.error.message).toResponse();
}

/** `Cache-Control` for every read: per-user data, never cached by a shared cache. */
export const NO_STORE = { "cache-control": "private, no-store" } as const;
