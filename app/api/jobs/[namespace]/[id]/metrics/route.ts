import "server-only";
import { HubApiError } from "@/lib/hub/hub-api-error";
import { streamJobMetrics } from "@/lib/hub/stream-job-metrics";
import { keepSeries } from "@/lib/jobs/kept-resources";
import { addEvent, emptySeries, type MetricEvent } from "@/lib/jobs/resource-series";
import { namespacedRoute, routeError } from "../../../_lib/route-error";
import { sseEvent, sseResponse } from "../../../_lib/sse";

/** Longest one connection lives; the client re-opens while the job runs. */
const MAX_CONNECTION_MS = 5 * 60_000;

/**
 * GET /api/jobs/{ns}/{id}/metrics — the Hub's metrics SSE (specs/hub-jobs-api.md §7.7), proxied so
 * the token stays on the server. Each event is `event: metric` with the Hub's JSON payload
 * (snake_case: cpu_usage_pct, cpu_millicores, memory_used_bytes, memory_total_bytes, gpus{id:{…}}).
 * The Hub answers 500 for a finished job: that becomes `event: end` with `reason: "finished"`.
 * The stream never implies a stage; the page reads stages from GET /api/jobs/{ns}/{id}.
 * What a connection received is merged into the job's kept series when it closes
 * (lib/hub/kept-resources.ts), so the resource charts outlive the job.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ request, params: { namespace, id }, session: { hubUrl, accessToken } }) => {

  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const deadline = setTimeout(() => abort.abort(), MAX_CONNECTION_MS);
  const signalled: typeof fetch = (input, init) => fetch(input, { ...init, signal: abort.signal });
  const upstream = streamJobMetrics({ hubUrl, accessToken, namespace, jobId: id, fetch: signalled });

  let first: IteratorResult<string>;
  try {
    first = await upstream.next();
  } catch (err) {
    clearTimeout(deadline);
    if (err instanceof HubApiError && err.statusCode >= 500) {
      return sseResponse({ chunks: single(sseEvent({ event: "end", data: JSON.stringify({ reason: "finished" }) })) });
    }
    if (abort.signal.aborted) return new Response(null, { status: 499 });
    return routeError(err);
  }

  const seen = emptySeries();
  async function* chunks(): AsyncGenerator<string> {
    try {
      let next = first;
      while (!next.done) {
        const raw = next.value.trim();
        if (raw.startsWith("{")) {
          try {
            addEvent(seen, JSON.parse(raw) as MetricEvent, Date.now() / 1000);
          } catch {
            // not JSON: forwarded as is, not kept
          }
          yield sseEvent({ event: "metric", data: raw });
        }
        next = await upstream.next();
      }
      yield sseEvent({ event: "end", data: JSON.stringify({ reason: "upstream-closed" }) });
    } catch (err) {
      if (!abort.signal.aborted && !(err instanceof HubApiError)) throw err;
      yield sseEvent({ event: "end", data: JSON.stringify({ reason: abort.signal.aborted ? "reconnect" : "finished" }) });
    } finally {
      clearTimeout(deadline);
      abort.abort();
      await upstream.return(undefined);
      // Not awaited by the client: the write happens after the stream is closed.
      void keepSeries({ hubUrl, accessToken, namespace, jobId: id, seen });
    }
  }
  return sseResponse({ chunks: chunks(), abort });
});

async function* single(chunk: string): AsyncGenerator<string> {
  yield chunk;
}
