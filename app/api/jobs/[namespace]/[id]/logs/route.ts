import "server-only";
import { streamJobLogs, type JobLogLine } from "@/lib/hub/stream-job-logs";
import { AppError } from "@/lib/errors";
import { folderMasker, jobArtifactsFolder } from "@/lib/jobs/job-masker";
import type { Masker } from "@/lib/jobs/secret-mask";
import { namespacedRoute, routeError } from "../../../_lib/route-error";
import { sseEvent, sseResponse } from "../../../_lib/sse";

const TURN = Symbol("next event-loop turn");

/** A connection re-opens after this long even if the job is still printing, so no proxy idles it out. */
const MAX_CONNECTION_MS = 10 * 60_000;

/**
 * GET /api/jobs/{ns}/{id}/logs[?after=N] — the job's log as Server-Sent Events for the browser; the
 * Hub token stays here (DESIGN.md flow 3).
 *
 * Each line is `id: <index>` + `data: {"i":index,"t":timestamp,"m":message[,"k":[names]]}`, with
 * every secret value masked as `***` and `k` naming what was masked (lib/jobs/secret-mask.ts: the
 * job's stored fingerprints, the viewer's own token, token shapes); `index` counts lines
 * from the start of the job's log (0-based, from lib/hub/stream-job-logs, which already reconnects
 * to the Hub and de-duplicates, field cases B05/C07). A client that reconnects sends the last index
 * it has as `?after=` or `Last-Event-ID` and gets only later lines, so the merge has no duplicate and
 * no gap. `event: end` means the Hub closed the stream — NOT that the job finished (B07/C06): the
 * client re-checks the job's stage with a GET and reconnects if it is still active.
 * Errors before the first byte are JSON (401/403/404…); later ones arrive as `event: error`.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ request, params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  const afterRaw = request.nextUrl.searchParams.get("after") ?? request.headers.get("last-event-id");
  const after = afterRaw === null || afterRaw === "" ? -1 : Number(afterRaw);
  if (!Number.isInteger(after) || after < -1) {
    return new AppError("invalid_input", "after: must be a line index (integer ≥ -1).", { fieldErrors: { after: ["integer"] } }).toResponse();
  }

  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const deadline = setTimeout(() => abort.abort(), MAX_CONNECTION_MS);
  const upstream = streamJobLogs({ hubUrl, accessToken, namespace, jobId: id, signal: abort.signal });

  // Pull the first line (or the end) before answering, so a 404/401 from the Hub becomes a proper
  // HTTP status instead of an event inside a 200 stream.
  let first: IteratorResult<JobLogLine>;
  let mask: Masker;
  try {
    [first, mask] = await Promise.all([
      upstream.next(),
      jobArtifactsFolder({ hubUrl, accessToken, namespace, jobId: id }).then((folder) => folderMasker({ hubUrl, accessToken, namespace, folder })),
    ]);
  } catch (err) {
    clearTimeout(deadline);
    if (abort.signal.aborted) return new Response(null, { status: 499 });
    return routeError(err);
  }

  async function* chunks(): AsyncGenerator<string> {
    try {
      yield sseEvent({ event: "open", data: JSON.stringify({ after }) });
      // Lines that are already available (a replay of a long log) go out together, up to 64 KB per
      // write; a line that has to be waited for goes out alone at once. "Already available" = the
      // upstream answered before the next event-loop turn (setImmediate).
      let buffer = "";
      let turn: Promise<typeof TURN> | null = null;
      const nextTurn = () =>
        (turn ??= new Promise((resolve) =>
          setImmediate(() => {
            turn = null;
            resolve(TURN);
          }),
        ));
      let pending: Promise<IteratorResult<JobLogLine>> | null = null;
      let next: IteratorResult<JobLogLine> = first;
      for (;;) {
        if (next.done) break;
        const line = next.value;
        // Every line goes through the masker (a PEM block spans lines), only later ones are sent.
        const masked = mask(line.message);
        if (line.index > after) {
          const payload = { i: line.index, t: line.timestamp, m: masked.text, ...(masked.names.length ? { k: masked.names } : {}) };
          buffer += sseEvent({ id: line.index, data: JSON.stringify(payload) });
        }
        if (buffer.length >= 65_536) {
          yield buffer;
          buffer = "";
        }
        pending = upstream.next();
        let r = buffer ? await Promise.race([pending, nextTurn()]) : await pending;
        if (r === TURN) {
          yield buffer;
          buffer = "";
          r = await pending;
        }
        next = r;
      }
      if (buffer) yield buffer;
      yield sseEvent({ event: "end", data: JSON.stringify({ reason: "upstream-closed" }) });
    } catch (err) {
      if (!abort.signal.aborted) throw err;
      // Our own deadline: tell the client to reconnect from its last index.
      yield sseEvent({ event: "end", data: JSON.stringify({ reason: "reconnect" }) });
    } finally {
      clearTimeout(deadline);
      abort.abort();
      await upstream.return(undefined);
    }
  }
  return sseResponse({ chunks: chunks(), abort });
});
