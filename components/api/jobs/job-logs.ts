import { parseSse } from "@/lib/hub/sse";
import { mergeLogLines, parseLogEvent, resumeAfter, type LogLine } from "../../jobs/log-merge";

/**
 * `GET /api/jobs/{ns}/{id}/logs`: the job's log as server-sent events, followed by {@link followLogs}
 * (reconnect, exact merge); the URL has no query (followLogs adds `?after=`).
 */
export function jobLogsUrl(namespace: string, id: string): string {
  return `/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}/logs`;
}

/** What {@link followLogs} reports to its caller. */
export type FollowStatus =
  | { kind: "connecting"; attempt: number }
  | { kind: "streaming" }
  | { kind: "waiting"; retryInMs: number; reason: string }
  | { kind: "ended" }
  | { kind: "error"; message: string; status: number };

/** Parameters of {@link followLogs}. */
export interface FollowLogsParams {
  /** logs route URL without query, e.g. `/api/jobs/alice/123/logs` */
  url: string;
  /** the line store; lines are appended in place (see mergeLogLines) */
  store: LogLine[];
  /** called after each batch that appended lines (already in `store`) */
  onLines: (added: number) => void;
  onStatus: (status: FollowStatus) => void;
  /**
   * Asked after every stream end or failure: is the job still active according to a FRESH job GET?
   * The stream ending never means the job finished (field cases B07, C06).
   */
  isJobActive: () => Promise<boolean>;
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** backoff bounds in ms (1 s → 10 s like the Python client, §7.6) */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/**
 * Follows a job's log through the app's logs route until the job is final and the stream has ended,
 * or `signal` aborts. Every (re)connection asks for `?after=<last held index>`; the merge drops
 * replays and, on a gap, reconnects from the hole. Backoff doubles from `minBackoffMs` to
 * `maxBackoffMs` on failures and resets after a connection that delivered lines.
 * 4xx answers other than 408/429 stop it with an `error` status (no retry loop on a 404).
 */
export async function followLogs(p: FollowLogsParams): Promise<void> {
  const doFetch = p.fetch ?? fetch;
  const min = p.minBackoffMs ?? 1000;
  const max = p.maxBackoffMs ?? 10_000;
  let backoff = min;
  let attempt = 0;
  // Reads allowed after the job is final but the stream broke: the route replays the rest and closes.
  let finalReads = 3;
  while (!p.signal.aborted) {
    attempt++;
    p.onStatus({ kind: "connecting", attempt });
    let reason = "stream closed";
    let delivered = false;
    try {
      const res = await doFetch(`${p.url}?after=${resumeAfter(p.store)}`, { signal: p.signal, headers: { accept: "text/event-stream" }, cache: "no-store" });
      if (!res.ok || !res.body) {
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          let message = `Logs unavailable (${res.status}).`;
          try {
            const body = (await res.json()) as { error?: { message?: string } };
            if (body.error?.message) message = body.error.message;
          } catch {
            // keep the generic message
          }
          p.onStatus({ kind: "error", message, status: res.status });
          return;
        }
        throw new Error(`HTTP ${res.status}`);
      }
      p.onStatus({ kind: "streaming" });
      let batch: LogLine[] = [];
      let gap = false;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const flush = () => {
        if (timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
        if (batch.length === 0) return;
        const r = mergeLogLines(p.store, batch);
        batch = [];
        if (r.added > 0) {
          delivered = true;
          p.onLines(r.added);
        }
        if (r.gapAt !== null) gap = true;
      };
      for await (const ev of parseSse(res.body)) {
        if (ev.event === "message") {
          const line = parseLogEvent(ev.data);
          if (line) batch.push(line);
          // Big replays flush every 500 lines; otherwise a 0 ms timer flushes as soon as the reader
          // waits for the network (a macrotask), so a live line shows at once and a burst of lines
          // already received lands in one batch.
          if (batch.length >= 500) flush();
          else if (timer === null) timer = setTimeout(flush, 0);
          if (gap) {
            reason = "gap in the stream";
            break;
          }
        } else if (ev.event === "end") {
          flush();
          reason = ev.data.includes("reconnect") ? "reconnect" : "stream closed";
          break;
        } else if (ev.event === "error") {
          flush();
          reason = "upstream error";
          break;
        }
      }
      flush();
      if (gap) reason = "gap in the stream";
    } catch (err) {
      if (p.signal.aborted) return;
      reason = err instanceof Error ? err.message : "network error";
    }
    if (p.signal.aborted) return;
    if (delivered) backoff = min;
    let active: boolean;
    try {
      active = await p.isJobActive();
    } catch {
      active = true;
    }
    if (!active && (reason === "stream closed" || finalReads <= 0)) {
      // Final per a fresh GET and the Hub closed the stream cleanly: we hold the whole log.
      p.onStatus({ kind: "ended" });
      return;
    }
    if (!active) finalReads--;
    const wait = reason === "reconnect" || reason === "gap in the stream" ? 0 : backoff;
    p.onStatus({ kind: "waiting", retryInMs: wait, reason });
    if (wait > 0) await sleep(wait, p.signal);
    if (!delivered) backoff = Math.min(max, backoff * 2);
  }
}
