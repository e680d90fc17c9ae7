import { runJob } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { streamJobLogs, type JobLogLine } from "./stream-job-logs";

/**
 * A fetch that cuts each log connection short — the n-th connection lets `n × perConnection` complete
 * SSE events through (the Hub replays the buffer first, so each connection gets a little further, as
 * with a proxy that closes every 60 s) — then ends the body cleanly (`mode: "close"`) or with an error
 * (`"error"`, a dropped network): the conditions of field case B05, on the local Hub's real stream.
 */
function cuttingFetch(perConnection: number, mode: "close" | "error"): { fetch: typeof fetch; connections: () => number } {
  let connections = 0;
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await fetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!/\/logs(\?|$)/.test(url) || !res.body) return res;
    connections += 1;
    const allowed = connections * perConnection;
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    const enc = new TextEncoder();
    let buf = "";
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          const cut = buf.indexOf("\n\n");
          if (cut !== -1) {
            const event = buf.slice(0, cut + 2);
            buf = buf.slice(cut + 2);
            if (event.startsWith(":")) continue; // keep-alives do not count
            controller.enqueue(enc.encode(event));
            sent += 1;
            if (sent >= allowed) {
              await reader.cancel();
              if (mode === "close") controller.close();
              else controller.error(new TypeError("fetch failed: connection reset (test)"));
            }
            return;
          }
          const { done, value } = await reader.read();
          if (done) {
            if (buf) controller.enqueue(enc.encode(buf));
            controller.close();
            return;
          }
          buf += dec.decode(value, { stream: true });
        }
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
  return { fetch: f, connections: () => connections };
}

const numbered = (n: number, sleep = 0.02) =>
  `import time\nfor i in range(1, ${n + 1}):\n    print(f"line {i}", flush=True)\n    time.sleep(${sleep})\n`;

async function collect(gen: AsyncGenerator<JobLogLine>): Promise<JobLogLine[]> {
  const out: JobLogLine[] = [];
  for await (const l of gen) out.push(l);
  return out;
}
const numberedOnly = (lines: JobLogLine[]) => lines.map((l) => l.message).filter((m) => /^line \d+$/.test(m));

describe("streamJobLogs against a local Hub", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());

  const start = async (code: string) =>
    (await runJob({ ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", code] })).id;

  it("streams a running job to its end, each line once, indexes in order", async () => {
    const jobId = await start(numbered(15));
    const lines = await collect(streamJobLogs({ ...t.base, jobId, retryDelayMs: 50 }));
    expect(numberedOnly(lines)).toEqual(Array.from({ length: 15 }, (_, i) => `line ${i + 1}`));
    expect(lines.map((l) => l.index)).toEqual(lines.map((_, i) => i));
    expect(lines.every((l) => !Number.isNaN(Date.parse(l.timestamp)))).toBe(true);
    expect((await waitForStage(t.base, jobId, ["COMPLETED"])).status.stage).toBe("COMPLETED");
  });

  it("B05: connections closed every 4 events → reconnects, lines 1..N exactly once, no gap", async () => {
    const jobId = await start(numbered(20, 0.03));
    const cut = cuttingFetch(4, "close");
    const lines = await collect(streamJobLogs({ ...t.base, jobId, fetch: cut.fetch, retryDelayMs: 20 }));
    expect(numberedOnly(lines)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 1}`));
    expect(cut.connections()).toBeGreaterThan(3);
  });

  it("B05: connections reset mid-stream (network errors) → same guarantee", async () => {
    const jobId = await start(numbered(12, 0.02));
    const cut = cuttingFetch(5, "error");
    const lines = await collect(streamJobLogs({ ...t.base, jobId, fetch: cut.fetch, retryDelayMs: 20, maxRetries: 50 }));
    expect(numberedOnly(lines)).toEqual(Array.from({ length: 12 }, (_, i) => `line ${i + 1}`));
  });

  it("tail on the first connection only; a reconnect after a tailed start adds no duplicate", async () => {
    const jobId = await start(numbered(10, 0));
    await waitForStage(t.base, jobId, ["COMPLETED"]);
    const tailed = await collect(streamJobLogs({ ...t.base, jobId, tail: 3 }));
    expect(tailed.map((l) => l.message)).toEqual(["line 8", "line 9", "line 10"]);
    const cut = cuttingFetch(2, "error");
    const again = await collect(streamJobLogs({ ...t.base, jobId, tail: 3, fetch: cut.fetch, retryDelayMs: 10 }));
    expect(again.map((l) => l.message)).toEqual(["line 8", "line 9", "line 10"]);
  });

  it("follow: false reads one pass and stops", async () => {
    const jobId = await start(numbered(3, 0));
    await waitForStage(t.base, jobId, ["COMPLETED"]);
    expect(numberedOnly(await collect(streamJobLogs({ ...t.base, jobId, follow: false })))).toEqual(["line 1", "line 2", "line 3"]);
  });

  it("stops when the signal aborts", async () => {
    const jobId = await start("import time\nprint('up', flush=True)\ntime.sleep(30)\n");
    const ac = new AbortController();
    const got: string[] = [];
    for await (const l of streamJobLogs({ ...t.base, jobId, signal: ac.signal })) {
      got.push(l.message);
      if (l.message === "up") ac.abort();
    }
    expect(got).toContain("up");
    await t.api(`/api/jobs/${t.base.namespace}/${jobId}/cancel`, { method: "POST" });
  });

  it("throws the Hub's 404 for an unknown job", async () => {
    await expect(collect(streamJobLogs({ ...t.base, jobId: "0123456789abcdef01234567" }))).rejects.toMatchObject({ statusCode: 404 });
  });
});
