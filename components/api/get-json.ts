import type { ActionError } from "@/lib/result";

/**
 * The browser's one reader of the app's JSON routes (components/api/** use it; nothing else fetches).
 * Reads go to our route handlers, never to the Hub: the token stays on the server.
 */

/** A failed read, carrying the app's error vocabulary (lib/result.ts). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ActionError,
  ) {
    super(error.message);
    this.name = "ApiRequestError";
  }
}

/**
 * The route's `{error}` of a failed answer, or a synthesized one for a non-JSON failure (a proxy's
 * error page). Reads the body.
 */
export async function apiRequestError(res: Response): Promise<ApiRequestError> {
  let error: ActionError = { code: res.status === 404 ? "not_found" : "hub_error", message: `Request failed (${res.status}).` };
  try {
    const body = (await res.json()) as { error?: ActionError };
    if (body.error?.message) error = body.error;
  } catch {
    // non-JSON error page: keep the synthesized message
  }
  return new ApiRequestError(res.status, error);
}

/**
 * GET a JSON route of this app (never cached by the browser).
 * @throws ApiRequestError with the route's `{error}` body (or a synthesized one for non-JSON failures)
 */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) throw await apiRequestError(res);
  return (await res.json()) as T;
}
