import "server-only";
import { HubApiError } from "@huggingface/hub";
import { AppError } from "@/lib/errors";
import { isHubTimeoutError, type HubTimeoutError } from "./hub-fetch-timeout";
import type { ActionError, ErrorCode } from "@/lib/result";

/**
 * THE one place where a Hub failure becomes the app's error vocabulary (STYLE.md convention 6).
 *
 * - `AppError` → its own `toActionError()`;
 * - `HubApiError` (from @huggingface/hub or {@link hubApiErrorFromResponse}) → a code by status, the
 *   Hub's own message without the library's `. URL: … Request ID: …` trailer, and the request id kept;
 *   401 → `unauthenticated` asking to sign in again;
 * - no answer in time ({@link HubTimeoutError}, possibly wrapped by the library as `cause`) → `hub_timeout` (504);
 * - a network failure (`TypeError: fetch failed`, connection reset) → `hub_unavailable`;
 * - anything else → null: a bug, which the caller rethrows.
 * @param context e.g. "Could not start the job" — prefixed to Hub messages so the user knows which step failed
 */
export function toActionError(err: unknown, context?: string): ActionError | null {
  if (err instanceof AppError) return err.toActionError();
  if (err instanceof HubApiError) {
    const requestId = err.requestId;
    const hubMessage = cleanMessage(err);
    const withContext = (m: string) => (context ? `${context}: ${m}` : m);
    const base = (code: ErrorCode, message: string): ActionError => ({ code, message, ...(requestId ? { requestId } : {}) });
    switch (true) {
      case err.statusCode === 401:
        return base("unauthenticated", "Your Hugging Face session has expired or its token was revoked. Sign in again.");
      case err.statusCode === 403:
        return base("forbidden", withContext(`the Hub refused access (${hubMessage}). Check that your token may write in this namespace.`));
      case err.statusCode === 404:
        return base("not_found", withContext(hubMessage));
      case err.statusCode === 409:
        return base("conflict", withContext(hubMessage));
      case err.statusCode === 413:
        return base("payload_too_large", withContext(hubMessage));
      case err.statusCode === 429:
        return base("rate_limited", withContext(`the Hub is rate-limiting requests (${hubMessage}). Wait a minute and retry.`));
      case err.statusCode === 400 || err.statusCode === 422:
        return base("invalid_input", withContext(hubMessage));
      case err.statusCode === 502 || err.statusCode === 503 || err.statusCode === 504:
        return base("hub_unavailable", withContext(`the Hub is unavailable (${err.statusCode}). Retry in a moment.`));
      default:
        return base("hub_error", withContext(`the Hub answered ${err.statusCode}: ${hubMessage}`));
    }
  }
  if (isTimeout(err)) {
    return { code: "hub_timeout", message: `${context ? `${context}: ` : ""}the Hub is not answering (no answer within ${Math.max(1, Math.round(timeoutMsOf(err) / 1000))} s). Retry in a moment.` };
  }
  if (isNetworkError(err)) {
    return { code: "hub_unavailable", message: `${context ? `${context}: ` : ""}could not reach the Hub. Check your connection and retry.` };
  }
  return null;
}

function timeoutOf(err: unknown): HubTimeoutError | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    if (isHubTimeoutError(e)) return e;
  }
  return null;
}

/** True when the Hub did not answer in time (lib/hub/hub-fetch-timeout.ts). */
export function isTimeout(err: unknown): boolean {
  return timeoutOf(err) !== null;
}

function timeoutMsOf(err: unknown): number {
  return timeoutOf(err)?.timeoutMs ?? 0;
}

/** True for fetch-level failures (no HTTP answer). */
export function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof TypeError && /fetch failed|network|terminated|socket/i.test(err.message)) return true;
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code);
}

function cleanMessage(err: HubApiError): string {
  const fromData = err.data && typeof err.data === "object" ? (err.data as { error?: unknown }).error : undefined;
  if (typeof fromData === "string" && fromData) return fromData;
  return err.message.replace(/\.\s*URL: .*$/s, "") || `status ${err.statusCode}`;
}
