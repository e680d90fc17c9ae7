/**
 * The one error vocabulary of the app (STYLE.md convention 6). Client-safe: no server imports.
 */
export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "hub_unavailable"
  | "hub_timeout"
  | "hub_error";

/** An expected failure, as a plain value that can cross from a server action to the client. */
export interface ActionError {
  code: ErrorCode;
  /** a sentence the user can act on */
  message: string;
  /** per-field messages, keyed by the form field name (e.g. `timeout`, `files.2.path`) */
  fieldErrors?: Record<string, string[]>;
  /** the Hub's `X-Request-Id`, when the failure came from the Hub */
  requestId?: string;
  /**
   * launch/schedule only: the artifacts folder already created for this attempt; send it back as
   * `reuseFolder` to retry without uploading again (the retry checks the folder is complete first)
   */
  folder?: string;
  /**
   * launch/schedule only: the create call got no clear answer (lost connection, timeout, 5xx) and the
   * job could not be looked up either, so it may exist. The composer retries with the same
   * `launchKey` and `resume: true`, which looks the job up before creating anything.
   */
  mayHaveStarted?: boolean;
}

/** Result of every server action: expected failures are values, bugs throw (STYLE.md convention 5). */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
export const fail = <T = never>(error: ActionError): ActionResult<T> => ({ ok: false, error });
