/**
 * `npm run bench:launch`: server-side latency and Hub round trips of a warm launch.
 *
 * Starts a local Hub (test controls on), then calls the launch service (lib/jobs/launch-job.ts, the
 * code behind `launchJobAction`, minus the session lookup) for a 3-file submission: a PEP 723 script,
 * a YAML config and a data file in a folder. 3 cold/warm-up launches (bucket creation, hardware list,
 * Xet write token), then 30 warm launches. For each warm launch:
 *   - latency: wall time of `launchJob` (validation → upload → POST /api/jobs answered);
 *   - requests: counted at the local Hub via `GET /__test/requests` (reset before each launch);
 *   - rounds: sequential round trips on the critical path: the longest chain of the app's requests in
 *     which each started after the previous one was answered (parallel requests never chain).
 * A second series of 10 warm launches (interleaved with the first) keeps the Xet client's chunk-dedup queries, to show their cost.
 * Prints p50/p90 and the request breakdown, next to the Python client's ~8 requests
 * (`hf jobs uv run` with local files: whoami, create_bucket, xet token, CAS upload (hf_xet), batch,
 * whoami again, POST /api/jobs; specs/hub-jobs-api.md §9.3). Figures only here, never in tests.
 */
import { register } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Next resolves "server-only" itself; under plain Node it must be an empty module (vitest stubs it the
// same way, test-support/server-only.ts).
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, next) { return s === "server-only" ? { url: "data:text/javascript,export{}", shortCircuit: true } : next(s, c); }`,
    ),
);

const { startLocalHub } = await import("../lib/local-hub/start-local-hub");
const { launchJob } = await import("../lib/jobs/launch-job");
const { getJob } = await import("@huggingface/hub");

const WARM_RUNS = 30;
const DEDUP_RUNS = 10;
const PYTHON_CLIENT_REQUESTS = 8;

const SCRIPT = `# /// script
# requires-python = ">=3.8"
# dependencies = []
# ///
import sys
print("config:", open(sys.argv[2]).read().strip(), "data:", open(sys.argv[4]).read().strip())
`;

interface Timed { method: string; path: string; start: number; end: number }

function countingFetch(log: Timed[]): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const start = performance.now();
    try {
      const res = await fetch(input, init);
      // A round trip ends when the answer's headers arrived; bodies here are small JSON.
      return res;
    } finally {
      log.push({ method, path: new URL(url).pathname, start, end: performance.now() });
    }
  }) as typeof fetch;
}

/**
 * Round trips on the critical path: the longest chain of requests in which each one started only after
 * the previous one was answered (DP over the intervals). Parallel requests never chain, so for a
 * client that sends everything one after another this equals its request count.
 */
function rounds(reqs: Timed[]): number {
  const sorted = [...reqs].sort((a, b) => a.end - b.end);
  const depth: number[] = [];
  let best = 0;
  sorted.forEach((r, i) => {
    let d = 1;
    for (let j = 0; j < i; j += 1) {
      const prev = sorted[j] as Timed;
      if (prev.end <= r.start) d = Math.max(d, (depth[j] ?? 0) + 1);
    }
    depth[i] = d;
    best = Math.max(best, d);
  });
  return best;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const median = (xs: number[]) => pct(xs, 50);

function category(method: string, path: string): string {
  if (path.endsWith("/xet-write-token")) return "xet-write-token";
  if (path.includes("/v1/chunks/")) return "cas dedup query";
  if (path.includes("/v1/xorbs/")) return "xorb POST";
  if (path.endsWith("/v1/shards")) return "shard POST";
  if (path.endsWith("/batch")) return "batch POST";
  if (method === "POST" && /^\/api\/jobs\/[^/]+$/.test(path)) return "POST /api/jobs";
  if (path === "/api/jobs/hardware") return "hardware";
  if (/^\/api\/buckets\/[^/]+\/[^/]+$/.test(path)) return `${method} bucket`;
  return `${method} ${path}`;
}

const dir = mkdtempSync(join(tmpdir(), "bench-launch-"));
const hub = await startLocalHub({ dir, testControls: true });
const ns = hub.hub.user;
const api = (path: string, init: RequestInit = {}) => fetch(`${hub.url}${path}`, init);

async function launchOnce(dedupQueries: "auto" | "always") {
  const files = [
    { path: "train.py", content: new Blob([SCRIPT]) },
    { path: "configs/train.yaml", content: new Blob([`lr: 0.1\nseed: ${Math.random()}\n`]) },
    { path: "data/input.txt", content: new Blob(["hello\n"]) },
  ];
  const log: Timed[] = [];
  await api("/__test/requests", { method: "DELETE" });
  const t0 = performance.now();
  const r = await launchJob({
    hubUrl: hub.url,
    accessToken: hub.token,
    fetch: countingFetch(log),
    dedupQueries,
    input: {
      namespace: ns,
      files: files.map((f) => ({ path: f.path, size: f.content.size })),
      script: "train.py",
      args: ["--config", "configs/train.yaml", "--data", "data/input.txt"],
      timeout: "10m",
    },
    files,
  });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`launch failed: ${JSON.stringify(r.error)}`);
  const served = (await (await api("/__test/requests")).json()) as { method: string; path: string }[];
  // Let the job finish (untimed) so running jobs do not slow the next launch on this 2-core machine.
  for (;;) {
    const job = await getJob({ hubUrl: hub.url, accessToken: hub.token, namespace: ns, jobId: r.data.jobId as string });
    if (["COMPLETED", "ERROR", "CANCELED", "DELETED"].includes(String(job.status.stage))) break;
    await new Promise((res) => setTimeout(res, 25));
  }
  return { ms, served, log, rounds: rounds(log) };
}

function report(title: string, runs: Awaited<ReturnType<typeof launchOnce>>[]) {
  const ms = runs.map((r) => r.ms);
  const counts = runs.map((r) => r.served.length);
  const rnds = runs.map((r) => r.rounds);
  const breakdown = new Map<string, number>();
  for (const r of runs) for (const q of r.served) breakdown.set(category(q.method, q.path), (breakdown.get(category(q.method, q.path)) ?? 0) + 1);
  console.log(`\n${title} (${runs.length} launches, 3 files)`);
  console.log(`  server-side latency       p50 ${median(ms).toFixed(1)} ms   p90 ${pct(ms, 90).toFixed(1)} ms`);
  console.log(`  Hub requests per launch   median ${median(counts)}   min ${Math.min(...counts)}   max ${Math.max(...counts)}   (Python client: ~${PYTHON_CLIENT_REQUESTS}, all sequential)`);
  console.log(`  round trips on the critical path   median ${median(rnds)}   max ${Math.max(...rnds)}   (target ≤ 4)`);
  console.log("  requests by kind (per launch, average):");
  const durations = new Map<string, number[]>();
  for (const r of runs) for (const q of r.log) (durations.get(category(q.method, q.path)) ?? durations.set(category(q.method, q.path), []).get(category(q.method, q.path)) ?? []).push(q.end - q.start);
  for (const [k, v] of [...breakdown.entries()].sort((a, b) => b[1] - a[1])) {
    console.log(`    ${(v / runs.length).toFixed(2).padStart(6)}  ${k.padEnd(18)} p50 ${median(durations.get(k) ?? []).toFixed(1)} ms each`);
  }
  const inRequests = runs.map((r) => r.rounds > 0 ? r.log.reduce((sum, q) => sum + (q.end - q.start), 0) : 0);
  console.log(`  time inside Hub requests (summed)  p50 ${median(inRequests).toFixed(1)} ms; the rest is spent in the app process`);
}

try {
  const cold = [];
  for (let i = 0; i < 3; i += 1) cold.push(await launchOnce("auto"));
  console.log(`cold launch (bucket create, hardware list, xet token): ${cold[0]?.served.length} requests, ${cold[0]?.rounds} rounds, ${cold[0]?.ms.toFixed(1)} ms`);
  // Interleaved so both series see the same machine state.
  const warm = [];
  const dedup = [];
  for (let i = 0; i < WARM_RUNS; i += 1) {
    warm.push(await launchOnce("auto"));
    if (i % 3 === 2 && dedup.length < DEDUP_RUNS) dedup.push(await launchOnce("always"));
  }
  report("warm launches (default: chunk-dedup queries skipped for small submissions)", warm);
  report("warm launches with the Xet client's chunk-dedup queries kept (dedupQueries: \"always\")", dedup);
  console.log(
    "\nWhy the request count exceeds the round trips: @huggingface/hub uploads files through 5 parallel workers," +
      "\neach with its own xorb and shard, so 3 small files give up to 3 xorb POSTs and 3 shard POSTs in parallel." +
      "\nThe critical path is: xorb POSTs ∥ → shard POSTs ∥ → batch POST → POST /api/jobs (the xet write token is" +
      "\ncached by the library while valid; bucket state and the hardware list are cached by lib/hub)." +
      "\nMost of the latency outside Hub requests is @huggingface/hub's upload set-up: each upload worker" +
      "\nallocates a 64 MiB xorb buffer and 64 MiB of shard sections (utils/createXorbs.ts, utils/uploadShards.ts)," +
      "\nwhatever the file sizes, plus Xet chunking and hashing.",
  );
} finally {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
}
