import "server-only";

/** Brand of {@link HubTimeoutError}: instrumentation.ts and the routes are separate bundles, each with its own copy of the class. */
const BRAND = Symbol.for("jobs-studio.HubTimeoutError");

/**
 * Thrown (as the fetch rejection) when the Hub sent no response headers in time. Mapped to
 * `hub_timeout` (HTTP 504) by lib/hub/to-action-error.ts. Recognise it with {@link isHubTimeoutError},
 * not `instanceof` (see BRAND).
 */
export class HubTimeoutError extends Error {
  readonly [BRAND] = true;
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`The Hub did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} (${new URL(url).pathname})`);
    this.name = "HubTimeoutError";
  }
}

/** True for a {@link HubTimeoutError} from any bundle's copy of this module. */
export function isHubTimeoutError(err: unknown): err is HubTimeoutError {
  return err instanceof Error && (err as unknown as Record<symbol, unknown>)[BRAND] === true;
}

/** Default wait for the Hub's response headers, in ms. */
export const DEFAULT_HUB_TIMEOUT_MS = 15_000;
/** Extra time a request body gets, in ms per MiB sent (a 64 MiB xorb on a 2 MiB/s link needs ~32 s). */
const BODY_MS_PER_MIB = 1_000;

function bodySize(init: RequestInit | undefined): number {
  const body = init?.body;
  if (!body) return 0;
  if (typeof body === "string") return body.length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  // A stream sent with its Content-Length (the patched Xet client's xorbs, patches/README.md item 6c).
  const declared = Number(new Headers(init.headers).get("content-length"));
  return Number.isSafeInteger(declared) && declared > 0 ? declared : 0; // else unknown: the base timeout applies
}

/**
 * The longest silence accepted inside a response body, in ms: the Hub's SSE streams send
 * `: keep-alive` about every 30 s, and the Python client reads them with a 120 s timeout
 * (specs/hub-jobs-api.md §7.6), so 120 s of nothing means the Hub froze mid-stream.
 */
export const DEFAULT_BODY_IDLE_MS = 120_000;

/**
 * Wraps `fetch` so that every request to `origin` is bounded:
 * - the response headers must arrive within `timeoutMs` (plus {@link BODY_MS_PER_MIB} per MiB of
 *   request body), else the call rejects with {@link HubTimeoutError};
 * - then the body may not stay silent longer than `bodyIdleMs` (default {@link DEFAULT_BODY_IDLE_MS}):
 *   a read after such a silence rejects with {@link HubTimeoutError} (log streams reconnect on it,
 *   lib/hub/stream-job-logs.ts). The app's own SSE routes send their heartbeat to the browser
 *   (app/api/jobs/_lib/sse.ts).
 * The caller's own `signal` still aborts as before. Requests to other origins pass through untouched.
 * @param params.origin e.g. `http://127.0.0.1:4280` (from HF_HUB_URL)
 * @param params.timeoutMs ms to wait for headers; params.bodyIdleMs ms of silence allowed in a body
 */
export function withHubTimeout(base: typeof fetch, params: { origin: string; timeoutMs: number; bodyIdleMs?: number }): typeof fetch {
  const idleMs = params.bodyIdleMs ?? DEFAULT_BODY_IDLE_MS;
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return base(input, init);
    }
    if (origin !== params.origin) return base(input, init);
    const ms = params.timeoutMs + Math.ceil(bodySize(init) / (1024 * 1024)) * BODY_MS_PER_MIB;
    const timer = new AbortController();
    // The errors are made when a timer fires, not per request: an Error captures a stack trace, and two
    // per Hub call showed in the app's profile under 50 concurrent launches (issue 15 item 3).
    let error: HubTimeoutError | null = null;
    const timedOut = () => (error ??= new HubTimeoutError(url, ms));
    let handle = setTimeout(() => timer.abort(timedOut()), ms);
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
    let response: Response;
    try {
      response = await base(input, { ...init, signal });
    } catch (err) {
      clearTimeout(handle);
      // undici rejects with the abort reason; make sure a timeout is always reported as one.
      if (timer.signal.aborted && !callerSignal?.aborted) throw timedOut();
      throw err;
    }
    clearTimeout(handle);
    const body = response.body;
    if (!body || [101, 204, 205, 304].includes(response.status)) return response;
    // Same response, with a body whose silences are bounded: the idle timer runs only while a read
    // waits for the Hub (a slow consumer is not a frozen Hub).
    let idleError: HubTimeoutError | null = null;
    const idle = () => (idleError ??= new HubTimeoutError(url, idleMs));
    const reader = body.getReader();
    const guarded = new ReadableStream<Uint8Array>({
      async pull(controller) {
        handle = setTimeout(() => timer.abort(idle()), idleMs);
        try {
          const next = await reader.read();
          clearTimeout(handle);
          if (next.done) {
            controller.close();
            return;
          }
          controller.enqueue(next.value);
        } catch (err) {
          clearTimeout(handle);
          controller.error(timer.signal.aborted && !callerSignal?.aborted ? idle() : err);
        }
      },
      cancel(reason) {
        clearTimeout(handle);
        return reader.cancel(reason);
      },
    });
    const out = new Response(guarded, { status: response.status, statusText: response.statusText, headers: response.headers });
    // A constructed Response has no url; callers build error messages from it (hub-api-error.ts).
    Object.defineProperty(out, "url", { value: response.url });
    return out;
  };
  return Object.assign(wrapped, { hubTimeout: true as const });
}

/**
 * Installs {@link withHubTimeout} on `globalThis.fetch` once per process, so every Hub call the app
 * makes — through @huggingface/hub, lib/hub's own calls and Auth.js's OAuth requests — is bounded
 * without threading a `fetch` through each call site. Called from instrumentation.ts (Node runtime).
 */
export function installHubFetchTimeout(params: { origin: string; timeoutMs: number; bodyIdleMs?: number }): void {
  const current = globalThis.fetch as typeof fetch & { hubTimeout?: true };
  if (current.hubTimeout) return;
  globalThis.fetch = withHubTimeout(current, params);
}
