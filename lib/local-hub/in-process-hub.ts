import { createLocalHub, type LocalHub, type LocalHubOptions } from "./app";

/** Origin of an in-process local Hub: never resolved, every request goes to `app.request`. */
export const IN_PROCESS_URL = "http://local-hub.test";

/** A local Hub served in-process: the shape of a RunningLocalHub plus its `fetch`. */
export interface InProcessHub {
  /** {@link IN_PROCESS_URL}; pass it as `hubUrl` together with `fetch` */
  url: string;
  /** the primary user's token */
  token: string;
  hub: LocalHub;
  /**
   * A `fetch` that serves through `hub.app.request` without a socket (Hono's testing path): give it to
   * `@huggingface/hub` calls as their `fetch` param, or call it directly with `${url}/path`.
   */
  fetch: typeof fetch;
  /** Kills jobs, closes the store. */
  close(): Promise<void>;
}

/**
 * Builds a local Hub for route tests that need no real socket (no streaming job, no dropped connection):
 * absolute URLs in answers (`Link`, `casUrl`) carry {@link IN_PROCESS_URL}, which the returned `fetch`
 * serves too. Async like startLocalHub, so a test can switch between the two.
 * @throws Error when the token is invalid (see createLocalHub)
 */
export async function startInProcessHub(options: LocalHubOptions): Promise<InProcessHub> {
  const hub = createLocalHub(options);
  const inProcessFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (new URL(request.url).origin !== IN_PROCESS_URL) throw new TypeError(`fetch failed: ${request.url} is not on the in-process local Hub`);
    return hub.app.request(request);
  };
  return { url: IN_PROCESS_URL, token: hub.token, hub, fetch: inProcessFetch as typeof fetch, close: () => hub.close() };
}
