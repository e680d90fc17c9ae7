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
 * Then, through the BUILT app (`next start`; run `npx next build` first) against a second local Hub:
 *   - `launch 3 files: app <ms> ms, hf <ms> ms, app/hf <ratio>`: medians of 7 alternating pairs, (a)
 *     `POST /api/launch` as the composer sends it, request → answer, and (b) the official
 *     `hf jobs uv run -d train.py config.yaml data.txt`, process start → exit (.tmp/hf-venv);
 *   - 50 concurrent 3-file launches through the route: p50 / p99 from the common start;
 *   - click → job: in headless Chromium, the composer with the 3 files dropped, from the click on
 *     "Run now" to the job page showing the job id (its "Job ID" fact; median of 5), against the hf median;
 *     timed in the page (the click event's timeStamp → the first animation frame showing the id), and also as
 *     Playwright sees it (its click() call → the locator found), which adds its own round trips.
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
// `/__test/*` routes require the Hub's primary token
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${hub.url}${path}`, { ...init, headers: { Authorization: `Bearer ${hub.token}` } });

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
      "\nThe latency outside Hub requests is @huggingface/hub's upload work (Xet chunking, hashing, compression);" +
      "\nits 64 MiB-per-worker xorb and shard buffers are gone with patches/@huggingface+hub+2.17.5.patch.",
  );
} finally {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
}

// ---- Through the built app, against the official CLI ----
{
  const { ensureHfVenv, startBench, launchViaApp, launchViaHf, waitFinished, median: med } = await import("./app-vs-hf");
  const { writeFileSync } = await import("node:fs");
  ensureHfVenv();
  const work = mkdtempSync(join(tmpdir(), "bench-launch-files-"));
  const files = [join(work, "train.py"), join(work, "config.yaml"), join(work, "data.txt")];
  writeFileSync(files[0] as string, SCRIPT.replace('open(sys.argv[2]).read().strip(), "data:", open(sys.argv[4])', 'open(sys.argv[1]).read().strip(), "data:", open(sys.argv[2])'));
  writeFileSync(files[1] as string, "lr: 0.1\n");
  writeFileSync(files[2] as string, "hello\n");
  const b = await startBench(Number(process.env.BENCH_APP_PORT ?? 3314));
  try {
    for (let i = 0; i < 2; i++) {
      await waitFinished(b, (await launchViaApp(b, files)).jobId);
      await waitFinished(b, (await launchViaHf(b, files)).jobId);
    }
    const app: number[] = [];
    const hf: number[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await launchViaApp(b, files);
      app.push(a.seconds * 1000);
      await waitFinished(b, a.jobId);
      const h = await launchViaHf(b, files);
      hf.push(h.seconds * 1000);
      await waitFinished(b, h.jobId);
    }
    console.log(`\nlaunch 3 files: app ${med(app).toFixed(0)} ms, hf ${med(hf).toFixed(0)} ms, app/hf ${(med(app) / med(hf)).toFixed(2)}`);

    // 50 launches at once through the app route (the local Hub queues the jobs; a launch is done when
    // its job is created). Each latency counts from the common start.
    const t50 = performance.now();
    const done = await Promise.all(Array.from({ length: 50 }, async () => {
      const r = await launchViaApp(b, files);
      return { ...r, ms: performance.now() - t50 };
    }));
    const lat = done.map((d) => d.ms).sort((x, y) => x - y);
    console.log(`50 concurrent 3-file launches: all ${done.length} answered; p50 ${med(lat).toFixed(0)} ms, p99 ${(lat[Math.ceil(0.99 * lat.length) - 1] ?? NaN).toFixed(0)} ms, last ${(lat.at(-1) ?? NaN).toFixed(0)} ms`);
    for (const d of done) await waitFinished(b, d.jobId);

    const page = await b.context.newPage();
    const clicks: number[] = [];
    const inPageClicks: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.goto("/");
      await page.getByRole("heading", { name: "New job" }).waitFor();
      // The heading is server-rendered: files set before the drop zone has hydrated are lost. The
      // hardware picker is enabled once the page is hydrated and the list is in (e2e/pages/composer.page.ts).
      await page.getByLabel("Hardware", { exact: true }).and(page.locator(":enabled")).waitFor();
      await page.getByTestId("dropzone-input").setInputFiles(files);
      await page.getByLabel("Arguments", { exact: true }).fill("config.yaml data.txt");
      await page.getByLabel("Hardware", { exact: true }).waitFor();
      const run = page.getByRole("button", { name: "Run now", exact: true });
      await run.waitFor();
      // Timed in the page too: from the click event to the first frame showing the id, without Playwright's own
      // round trips (actionability checks, the click RPC, polling for the locator: ~250 ms here).
      // A string, not a function: tsx's keepNames wraps nested functions in a `__name` helper the page lacks.
      await page.evaluate(`(() => {
        delete window.__clickToJob;
        document.addEventListener("click", (e) => {
          const t0 = e.timeStamp;
          const seen = () => [...document.querySelectorAll("dl dd")].some((n) => /^[0-9a-f]{24}$/.test((n.textContent || "").trim()));
          // Checked every frame: the time of the first frame that shows the id.
          const check = (now) => {
            if (seen()) window.__clickToJob = now - t0;
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }, { capture: true, once: true });
      })()`);
      const t0 = Date.now();
      await run.click();
      // The job page's "Job ID" fact (components/jobs/job-detail.tsx).
      const jobId = page.locator("dl").getByText(/^[0-9a-f]{24}$/);
      await jobId.waitFor({ timeout: 60_000 }).catch(async (err: unknown) => {
        // Say what the page shows instead (a launch error, a spinner), not only that the id never came.
        console.error(`click ${i}: no job id after 60 s at ${page.url()}:\n${(await page.locator("main").innerText().catch(() => "")).slice(0, 2000)}`);
        throw err;
      });
      const ms = Date.now() - t0;
      const inPage = await page.evaluate(() => (window as unknown as { __clickToJob?: number }).__clickToJob ?? NaN);
      if (i > 0) {
        clicks.push(ms); // the first one warms the job page's code
        inPageClicks.push(inPage);
      }
      await waitFinished(b, (await jobId.textContent()) ?? "");
    }
    await page.close();
    console.log(`click → job id on the job page (browser, in the page: click event → first frame with the id): ${med(inPageClicks).toFixed(0)} ms, hf jobs uv run -d ${med(hf).toFixed(0)} ms, click/hf ${(med(inPageClicks) / med(hf)).toFixed(2)}`);
    console.log(`  the same timed by Playwright (click() call → locator seen): ${med(clicks).toFixed(0)} ms, click/hf ${(med(clicks) / med(hf)).toFixed(2)}`);
  } finally {
    await b.close();
    rmSync(work, { recursive: true, force: true });
  }
}
