/**
 * `npm run bench:jobs`: latency of the local Hub's job runner, as a client sees it.
 *
 * For each mode, 20 sequential runs (after 2 warm-up runs) of a hello-world python job:
 *   - POST → first output line: from sending `POST /api/jobs/{ns}` to receiving the job's own
 *     `hello` line on the logs SSE stream (opened right after the POST answers);
 *   - POST → COMPLETED: to receiving the COMPLETED event on the events SSE stream.
 * Modes:
 *   - unsandboxed: a local Hub started with `bwrapPath: "off"`, job without volumes (plain child process);
 *   - sandboxed: default local Hub (bubblewrap), job without volumes;
 *   - sandboxed + bucket: bubblewrap with a bucket volume bind-mounted at /data (the app's real shape);
 *   - PEP 723 script with one dependency (`six`), `uv run /data/s.py` without uv: the first run builds the
 *     Python environment (venv + pip install in the sandbox, this machine's pip configuration as is),
 *     the second reuses it; POST → the script's own first output line, one run each.
 * Prints p50 / p90 in milliseconds. Speed figures live here, never in tests.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startLocalHub, type RunningLocalHub } from "../lib/local-hub/start-local-hub";
import { bucketFolderOnDisk } from "../lib/local-hub/store/buckets";

const RUNS = 20;
const WARMUP = 2;

async function readUntil(res: Response, match: (data: string) => boolean): Promise<number> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("stream ended before the expected event");
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("data: ") && match(line.slice(6))) return performance.now();
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function runOnce(
  hub: RunningLocalHub, volumes: unknown[], command = ["python3", "-c", "print('hello')"], isLine: (data: string) => boolean = (d) => d === "hello",
): Promise<{ firstLine: number; completed: number }> {
  const headers = { Authorization: `Bearer ${hub.token}`, "Content-Type": "application/json" };
  const t0 = performance.now();
  const res = await fetch(`${hub.url}/api/jobs/local-user`, {
    method: "POST", headers,
    body: JSON.stringify({ dockerImage: "python:3.12", flavor: "cpu-basic", command, volumes }),
  });
  if (!res.ok) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const [logs, events] = await Promise.all([
    fetch(`${hub.url}/api/jobs/local-user/${id}/logs`, { headers }),
    fetch(`${hub.url}/api/jobs/local-user/${id}/events`, { headers }),
  ]);
  const [firstLine, completed] = await Promise.all([
    readUntil(logs, (d) => isLine((JSON.parse(d) as { data: string }).data)),
    readUntil(events, (d) => {
      const stage = (JSON.parse(d) as { stage: string }).stage;
      if (stage === "ERROR" || stage === "CANCELED") throw new Error(`job ${id} ended ${stage}`);
      return stage === "COMPLETED";
    }),
  ]);
  return { firstLine: firstLine - t0, completed: completed - t0 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function bench(label: string, options: { bwrapPath?: string }, withBucket: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-jobs-"));
  const hub = await startLocalHub({ dir, ...options });
  try {
    let volumes: unknown[] = [];
    if (withBucket) {
      const r = await fetch(`${hub.url}/api/buckets/local-user/bench`, {
        method: "POST", headers: { Authorization: `Bearer ${hub.token}`, "Content-Type": "application/json" }, body: "{}",
      });
      if (!r.ok) throw new Error(`bucket create failed: ${r.status}`);
      volumes = [{ type: "bucket", source: "local-user/bench", mountPath: "/data", path: "run" }];
    }
    for (let i = 0; i < WARMUP; i++) await runOnce(hub, volumes);
    const first: number[] = [];
    const done: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await runOnce(hub, volumes);
      first.push(r.firstLine);
      done.push(r.completed);
    }
    const f = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
    console.log(
      `${label.padEnd(20)} POST→first line p50 ${f(percentile(first, 50))}  p90 ${f(percentile(first, 90))}   ` +
      `POST→COMPLETED p50 ${f(percentile(done, 50))}  p90 ${f(percentile(done, 90))}`,
    );
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const hostPython = (process.env.PATH ?? "").split(delimiter).map((d) => join(d, "python3")).find((p) => existsSync(p)) ?? "none";
console.log(`local Hub jobs: ${RUNS} runs of python3 -c "print('hello')" per mode (after ${WARMUP} warm-up runs)`);
console.log(`python3: unsandboxed = first on the host PATH (${hostPython}); sandboxed = /usr/bin/python3`);
await bench("unsandboxed", { bwrapPath: "off" }, false);
await bench("sandboxed", {}, false);
await bench("sandboxed + bucket", {}, true);
await benchPep723();

async function benchPep723(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-jobs-"));
  const hub = await startLocalHub({ dir });
  try {
    const r = await fetch(`${hub.url}/api/buckets/local-user/bench`, {
      method: "POST", headers: { Authorization: `Bearer ${hub.token}`, "Content-Type": "application/json" }, body: "{}",
    });
    if (!r.ok) throw new Error(`bucket create failed: ${r.status}`);
    writeFileSync(join(bucketFolderOnDisk(hub.hub.ctx, "local-user/bench", "run"), "s.py"), '# /// script\n# dependencies = ["six"]\n# ///\nimport six\nprint("six", six.__version__)\n');
    const volumes = [{ type: "bucket", source: "local-user/bench", mountPath: "/data", path: "run" }];
    const line = (d: string) => /^six \d/.test(d);
    const first = await runOnce(hub, volumes, ["uv", "run", "/data/s.py"], line);
    const second = await runOnce(hub, volumes, ["uv", "run", "/data/s.py"], line);
    const f = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
    console.log(`${"PEP 723 + 1 dep".padEnd(20)} POST→script's first line: first run (env built) ${f(first.firstLine)}   second run (env reused) ${f(second.firstLine)}`);
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
