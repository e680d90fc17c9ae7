import "server-only";
import { getJob } from "./get-job";
import { hubApiErrorFromResponse } from "./hub-api-error";
import { isHubTimeoutError } from "./hub-fetch-timeout";
import { parseSse } from "./sse";

/** One log line. */
export interface JobLogLine {
  /** 0-based position among the lines this generator yielded (= line number in the job's log without `tail`) */
  index: number;
  message: string;
  /** ISO-8601 as the Hub sent it (or the time of receipt for a non-JSON line) */
  timestamp: string;
}

/** Stages after which a job never prints again (PY `TERMINAL_JOB_STAGES`, specs/hub-jobs-api.md §7.2). */
const TERMINAL = new Set(["COMPLETED", "ERROR", "CANCELED", "DELETED"]);

/**
 * Streams a job's log (`GET /api/jobs/{ns}/{id}/logs`, SSE; specs/hub-jobs-api.md §7.6), adding what
 * `@huggingface/hub`'s `streamJobLogs` lacks (field cases B05, B07, C06, C07):
 *
 * - `tail`: only on the first connection (`?tail=N`);
 * - reconnect: whenever the stream ends or breaks, the job is fetched with `getJob`; the generator
 *   stops only when that fresh GET reports a terminal stage (never because the stream closed), else it
 *   reconnects with backoff (1 s doubling to 10 s, reset when lines arrive);
 * - de-duplication: the Hub replays the whole buffer on each connection, so after a reconnect the first
 *   k events are skipped, k = events already seen (the Python client's rule). `tail` is dropped after
 *   the first attempt because a tailed replay is not a prefix of the full one; when the first attempt
 *   used `tail`, the replay is instead skipped up to and including the last line already yielded;
 * - tolerant SSE parsing (see {@link parseSse}); non-JSON `data` is yielded as raw text.
 *
 * @param params.follow false = one pass: stop when the first connection ends (snapshot mode)
 * @param params.signal aborting ends the generator quietly
 * @throws HubApiError for a 4xx answer (404 job not found, 401, 403) or after 5 consecutive failed
 *   reconnections; network errors and a stream gone silent are retried; HubTimeoutError when the Hub
 *   does not answer a connection at all
 */
export async function* streamJobLogs(params: {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  jobId: string;
  tail?: number;
  follow?: boolean;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** first reconnect delay in ms (default 1000), doubled up to 10× */
  retryDelayMs?: number;
  /** consecutive failed connections before giving up (default 5) */
  maxRetries?: number;
}): AsyncGenerator<JobLogLine> {
  const hubUrl = params.hubUrl;
  const doFetch = params.fetch ?? fetch;
  const base = `${hubUrl}/api/jobs/${encodeURIComponent(params.namespace)}/${encodeURIComponent(params.jobId)}/logs`;
  const firstDelay = params.retryDelayMs ?? 1000;
  const maxRetries = params.maxRetries ?? 5;
  const follow = params.follow ?? true;

  let seen = 0; // data events seen in the full (untailed) log, for count-based de-dup
  let emitted = 0;
  let tailedFirst = params.tail !== undefined;
  let lastKey: string | null = null;
  let failures = 0;
  let delay = firstDelay;
  // Furthest event position reached by any connection: getting further counts as progress even while
  // replayed events are being skipped, so slow-but-advancing connections are not "failures".
  let furthest = 0;

  for (let attempt = 0; ; attempt += 1) {
    if (params.signal?.aborted) return;
    const url = attempt === 0 && params.tail !== undefined ? `${base}?tail=${params.tail}` : base;
    // After a tailed first pass, skip the replay up to the last yielded line; else skip `seen` events.
    let skipUntilKey = attempt > 0 && tailedFirst ? lastKey : null;
    let skipCount = attempt > 0 && !tailedFirst ? seen : 0;
    let replayIndex = 0;
    let progressed = false;
    let broke = false;
    let answered = false;
    try {
      const response = await doFetch(url, {
        headers: { Authorization: `Bearer ${params.accessToken}`, Accept: "text/event-stream" },
        signal: params.signal,
      });
      if (!response.ok) {
        const err = await hubApiErrorFromResponse(response);
        if (response.status < 500) throw err;
        throw Object.assign(err, { retryable: true });
      }
      if (!response.body) throw Object.assign(new TypeError("fetch failed: empty log stream body"), { retryable: true });
      answered = true;
      for await (const ev of parseSse(response.body)) {
        if (ev.event !== "message" && ev.event !== "log") continue;
        replayIndex += 1;
        if (replayIndex > furthest) {
          furthest = replayIndex;
          failures = 0;
        }
        const line = toLine(ev.data);
        const key = `${line.timestamp}\u0000${line.message}`;
        if (skipUntilKey !== null) {
          if (key === skipUntilKey) {
            skipUntilKey = null;
            // Now aligned on the full log: later reconnects can count.
            tailedFirst = false;
            seen = replayIndex;
          }
          continue;
        }
        if (skipCount > 0) {
          skipCount -= 1;
          continue;
        }
        if (!tailedFirst) seen += 1;
        lastKey = key;
        progressed = true;
        failures = 0;
        delay = firstDelay;
        yield { index: emitted, ...line };
        emitted += 1;
      }
    } catch (err) {
      if (params.signal?.aborted) return;
      // A stream that went silent (no keep-alive for 120 s, lib/hub/hub-fetch-timeout.ts) is retried like
      // a read timeout in the Python client (B05); a Hub that does not answer at all is not.
      const silent = answered && isHubTimeoutError(err);
      const retryable = silent || (err as { retryable?: unknown }).retryable === true || err instanceof TypeError || isAbortOrReset(err);
      if (!retryable) throw err;
      broke = true;
      failures += 1;
      if (failures > maxRetries) throw err;
    }
    if (!follow) return;
    if (params.signal?.aborted) return;
    // The stream ended (or broke): only a fresh GET decides whether the job is over (B07, C06).
    const job = await getJob({
      hubUrl,
      accessToken: params.accessToken,
      namespace: params.namespace,
      jobId: params.jobId,
      fetch: doFetch,
    });
    if (TERMINAL.has(String(job.status?.stage ?? "").toUpperCase())) {
      // A clean end on a finished job is the end. A break may have cut the buffer short: read it
      // again (bounded by maxRetries consecutive failures without progress).
      if (!broke) return;
      continue;
    }
    if (!progressed || broke) {
      await sleep(delay, params.signal);
      delay = Math.min(delay * 2, firstDelay * 10);
    }
  }
}

function toLine(data: string): { message: string; timestamp: string } {
  try {
    const json = JSON.parse(data) as { data?: unknown; timestamp?: unknown };
    if (json && typeof json === "object" && typeof json.data === "string") {
      return { message: json.data, timestamp: typeof json.timestamp === "string" ? json.timestamp : new Date().toISOString() };
    }
  } catch {
    // not JSON: keep the raw text, as @huggingface/hub does
  }
  return { message: data, timestamp: new Date().toISOString() };
}

function isAbortOrReset(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; cause?: { code?: unknown } };
  const code = e.code ?? e.cause?.code;
  return e.name === "AbortError" || (typeof code === "string" && /^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/.test(code));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
