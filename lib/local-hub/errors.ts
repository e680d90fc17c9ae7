/**
 * Errors in the Hub's wire shape: JSON `{"error": message}` with `Content-Type: application/json`,
 * an optional `X-Error-Code` (e.g. `RepoNotFound`, `EntryNotFound`) and the request's `X-Request-Id`.
 * Source: specs/hub-buckets-xet.md §1 "Errors", specs/hub-jobs-api.md §10.1.
 */
export class HubError extends Error {
  /**
   * @param status HTTP status (400, 401, 403, 404, 409, 413, 416, 422, 500…)
   * @param message human text; becomes `{"error": message}`
   * @param options.code value of the `X-Error-Code` header, when the Hub sends one
   * @param options.extra extra JSON keys merged into the body (e.g. `url` on a 409 bucket create)
   */
  constructor(
    readonly status: number,
    message: string,
    readonly options: { code?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "HubError";
  }
}

/** Builds the Hub-shaped error Response; `requestId` goes in `X-Request-Id`. */
export function hubErrorResponse(error: HubError, requestId: string): Response {
  const headers = new Headers({ "Content-Type": "application/json", "X-Request-Id": requestId });
  if (error.options.code) headers.set("X-Error-Code", error.options.code);
  return new Response(JSON.stringify({ error: error.message, ...error.options.extra }), {
    status: error.status,
    headers,
  });
}

/** Shorthand for `new HubError(…)` to `throw` from handlers; caught by the app's `onError`. */
export function hubError(status: number, message: string, code?: string, extra?: Record<string, unknown>): HubError {
  return new HubError(status, message, { code, extra });
}
