import "server-only";
import { HubApiError } from "@huggingface/hub";

/**
 * Builds the library's `HubApiError` from a failed response, the way `@huggingface/hub`'s internal
 * `createApiError` does (src/error.ts): status, URL, `X-Request-Id`, message from the JSON `error` /
 * `message` (+ `error_description`) or the text body. Used by the gap-filling calls in lib/hub so
 * every Hub failure reaches {@link toActionError} in one shape.
 */
export async function hubApiErrorFromResponse(response: Response): Promise<HubApiError> {
  const error = new HubApiError(response.url, response.status, response.headers.get("X-Request-Id") ?? undefined);
  let message = `Api error with status ${response.status}`;
  const text = await response.text().catch(() => "");
  if (response.headers.get("Content-Type")?.startsWith("application/json")) {
    try {
      const json = JSON.parse(text) as { error?: unknown; message?: unknown; error_description?: unknown };
      const main = typeof json.error === "string" ? json.error : Array.isArray(json.error) ? json.error.join("; ") : typeof json.message === "string" ? json.message : "";
      message = main || message;
      if (typeof json.error_description === "string") message = main ? `${main}: ${json.error_description}` : json.error_description;
      error.data = json as HubApiError["data"];
    } catch {
      error.data = { message: text };
    }
  } else {
    error.data = { message: text };
    if (text && !text.trimStart().startsWith("<")) message = text.slice(0, 500);
  }
  const trailer = [`URL: ${error.url}`, error.requestId ? `Request ID: ${error.requestId}` : undefined].filter(Boolean).join(". ");
  error.message = `${message}. ${trailer}`;
  return error;
}

/**
 * The Hub's error class, for callers outside lib/hub that must tell a Hub answer from other failures
 * (lib/hub is the only importer of @huggingface/hub). Prefer {@link hubErrorStatus} for a status check.
 */
export { HubApiError };

/** The HTTP status of a Hub answer that failed (`HubApiError.statusCode`), or null for any other error. */
export function hubErrorStatus(err: unknown): number | null {
  return err instanceof HubApiError ? err.statusCode : null;
}
