import type { ActionError, ErrorCode } from "./result";

/** HTTP status for each error code, for route handlers that answer an ActionResult as JSON. */
export const STATUS_OF: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  hub_unavailable: 503,
  hub_timeout: 504,
  hub_error: 502,
};

/** The app's typed error; `toResponse()` for route handlers, `toActionError()` for server actions. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { fieldErrors?: Record<string, string[]>; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = "AppError";
  }

  get status(): number {
    return STATUS_OF[this.code];
  }

  toActionError(): ActionError {
    const { fieldErrors, requestId } = this.extra;
    return {
      code: this.code,
      message: this.message,
      ...(fieldErrors ? { fieldErrors } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }

  toResponse(): Response {
    return Response.json({ error: this.toActionError() }, { status: this.status });
  }
}
