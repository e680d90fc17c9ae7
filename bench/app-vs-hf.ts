/**
 * Shared by `bench:upload` and `bench:launch`: a local Hub, the BUILT app (`next start`) against it, a
 * signed-in session, and the two ways to launch the same files: (a) the app's `POST /api/launch`, as
 * the composer sends it, and (b) the official `hf jobs uv run -d` (huggingface_hub 1.33.0 with hf_xet,
 * from `.tmp/hf-venv`, created when missing). Also samples the app server's RSS (its whole process tree,
 * from /proc) every 50 ms. Figures only; nothing here asserts a time.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { downloadFile, getJob } from "@huggingface/hub";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { startLocalHub, type RunningLocalHub } from "../lib/local-hub/start-local-hub";
import { CHROMIUM_LAUNCH_OPTIONS } from "../test-support/chromium";

export const ROOT = join(import.meta.dirname, "..");
export const HF_BIN = join(ROOT, ".tmp", "hf-venv", "bin", "hf");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Creates `.tmp/hf-venv` with the official client when it is missing (pip reaches the local index). */
export function ensureHfVenv(): void {
  if (existsSync(HF_BIN)) return;
  console.log("creating .tmp/hf-venv with huggingface_hub[hf_xet]==1.33.0 …");
  const venv = join(ROOT, ".tmp", "hf-venv");
  for (const [cmd, args] of [
    ["python3", ["-m", "venv", venv]],
    [join(venv, "bin", "pip"), ["install", "-q", "huggingface_hub[hf_xet]==1.33.0"]],
  ] as const) {
    const r = spawnSync(cmd, args, { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
  }
}

/** The process and its descendants (from /proc/<pid>/task/<tid>/children). */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as number;
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, "utf8").trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Resident set size of the tree, bytes. */
export function treeRss(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb * 1024;
}

/** Samples {@link treeRss} every 50 ms; `peak()` since the last `reset()`. */
export function rssSampler(pid: number) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 50);
  return {
    reset: () => (peak = treeRss(pid)),
    peak: () => Math.max(peak, treeRss(pid)),
    stop: () => clearInterval(timer),
  };
}

export interface Bench {
  hub: RunningLocalHub;
  app: ChildProcess;
  appUrl: string;
  namespace: string;
  cookie: string;
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

async function waitHttp(url: string, child: ChildProcess, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`app exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} not up after ${ms} ms`);
}

/**
 * Starts the local Hub (in this process) and `next start` on `port` (a copy of `.next`, so a rebuild
 * meanwhile is harmless), signs a headless Chromium in with the local token and keeps its cookies.
 */
export async function startBench(port: number): Promise<Bench> {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) throw new Error("No build: run `npx next build` first.");
  const distDir = join(".tmp", `bench-next-${process.pid}`);
  cpSync(join(ROOT, ".next"), join(ROOT, distDir), { recursive: true, filter: (src) => !src.includes(join(ROOT, ".next", "cache")) });
  const dir = mkdtempSync(join(tmpdir(), "bench-app-hub-"));
  const hub = await startLocalHub({ dir, testControls: true, maxConcurrentJobs: 4 });
  const appUrl = `http://localhost:${port}`;
  const app = spawn(join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir,
      HF_HUB_URL: hub.url,
      LOCAL_HUB: "1",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_URL: appUrl,
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const close = async () => {
    await browser.close().catch(() => undefined);
    if (app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(ROOT, distDir), { recursive: true, force: true });
  };
  try {
    await waitHttp(`${appUrl}/api/health`, app);
    const context = await browser.newContext({ baseURL: appUrl });
    const page = await context.newPage();
    await page.goto(`${appUrl}/sign-in?callbackUrl=/jobs`);
    await page.getByLabel("Access token").fill(hub.token);
    await page.getByRole("button", { name: "Sign in with token" }).click();
    await page.waitForURL((u) => u.pathname === "/jobs");
    await page.close();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    return { hub, app, appUrl, namespace: hub.hub.user, cookie, browser, context, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** One launch's outcome: wall time (request sent → answer with the job id), the job id, its folder. */
export interface Launched {
  seconds: number;
  jobId: string;
  folder: string;
}

/**
 * (a) POST /api/launch with `files` (local paths; the first is the entry script, the rest are passed
 * as its arguments by name), with the composer's FormData layout (lib/jobs/launch-form.ts: `input`,
 * then one `file` part per file, script first). Timed from the request to the answer.
 *
 * For ≥ 8 MB the client is `curl` (its own process, sending each file from disk with a
 * Content-Length, as a browser sends a dropped File); below that, or where curl is missing, this
 * process with node:http. This
 * process also runs the local Hub: a client in it (undici's FormData encoder cost ~1.7 s of CPU per
 * 100 MB, node:http ~0.5 s) takes the Hub's one thread away from the very launch being timed.
 */
export async function launchViaApp(b: Bench, files: string[]): Promise<Launched> {
  // Small launches (bench:launch, 50 at once) stay in-process: a process start per launch would be timed.
  if (CURL && files.reduce((t, f) => t + statSync(f).size, 0) >= 8_000_000) return launchViaCurl(b, files);
  const names = files.map((f) => basename(f));
  const sizes = files.map((f) => statSync(f).size);
  const input = JSON.stringify({
    namespace: b.namespace,
    files: names.map((path, i) => ({ path, size: sizes[i] })),
    script: names[0],
    args: names.slice(1),
  });
  const boundary = `----bench${randomBytes(12).toString("hex")}`;
  const head = (disposition: string, type?: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ""}\r\n`);
  const inputPart = Buffer.concat([head('name="input"'), Buffer.from(input), Buffer.from("\r\n")]);
  const fileHeads = names.map((n) => head(`name="file"; filename="${n}"`, "application/octet-stream"));
  const end = Buffer.from(`--${boundary}--\r\n`);
  const length = inputPart.length + fileHeads.reduce((t, h, i) => t + h.length + (sizes[i] as number) + 2, 0) + end.length;
  const url = new URL("/api/launch", b.appUrl);
  const t0 = performance.now();
  const answer = await new Promise<string>((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": length, cookie: b.cookie, origin: b.appUrl, "sec-fetch-site": "same-origin" },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      res.on("error", reject);
    });
    req.on("error", reject);
    void (async () => {
      req.write(inputPart);
      for (const [i, f] of files.entries()) {
        req.write(fileHeads[i]);
        for await (const chunk of createReadStream(f, { highWaterMark: 1024 * 1024 })) {
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        req.write("\r\n");
      }
      req.end(end);
    })().catch(reject);
  });
  const body = JSON.parse(answer) as { ok: boolean; data?: { jobId: string; folder: string }; error?: unknown };
  const seconds = (performance.now() - t0) / 1000;
  if (!body.ok || !body.data) throw new Error(`app launch failed: ${JSON.stringify(body.error)}`);
  return { seconds, jobId: body.data.jobId, folder: body.data.folder };
}

const CURL = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

/** {@link launchViaApp} with curl: the same parts, in the same order. */
async function launchViaCurl(b: Bench, files: string[]): Promise<Launched> {
  const names = files.map((f) => basename(f));
  const input = JSON.stringify({
    namespace: b.namespace,
    files: names.map((path, i) => ({ path, size: statSync(files[i] as string).size })),
    script: names[0],
    args: names.slice(1),
  });
  const args = ["-sS", "-X", "POST", "-H", "Expect:", "-H", `cookie: ${b.cookie}`, "-H", `origin: ${b.appUrl}`, "-H", "sec-fetch-site: same-origin", "--form-string", `input=${input}`];
  for (const [i, f] of files.entries()) args.push("-F", `file=@${f};filename=${names[i]};type=application/octet-stream`);
  args.push(`${b.appUrl}/api/launch`);
  const t0 = performance.now();
  const answer = await new Promise<string>((resolve, reject) => {
    const child = spawn("curl", args, { stdio: ["ignore", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString("utf8")) : reject(new Error(`curl exited ${code}`))));
  });
  const seconds = (performance.now() - t0) / 1000;
  const body = JSON.parse(answer) as { ok: boolean; data?: { jobId: string; folder: string }; error?: unknown };
  if (!body.ok || !body.data) throw new Error(`app launch failed: ${JSON.stringify(body.error)}`);
  return { seconds, jobId: body.data.jobId, folder: body.data.folder };
}

/** (b) `hf jobs uv run -d <script> <other files…>` in the files' folder, with a fresh HF_HOME. Timed as a process. */
export async function launchViaHf(b: Bench, files: string[]): Promise<Launched> {
  const cwd = join(files[0] as string, "..");
  const home = mkdtempSync(join(tmpdir(), "bench-hf-home-"));
  const t0 = performance.now();
  const child = spawn(HF_BIN, ["jobs", "uv", "run", "-d", ...files.map((f) => basename(f))], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HF_ENDPOINT: b.hub.url, HF_TOKEN: b.hub.token, HF_HOME: home, HF_HUB_DISABLE_TELEMETRY: "1", HF_HUB_DISABLE_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  const seconds = (performance.now() - t0) / 1000;
  rmSync(home, { recursive: true, force: true });
  const jobId = /\b([0-9a-f]{24})\b/.exec(out)?.[1];
  if (code !== 0 || !jobId) throw new Error(`hf failed (${code}): ${out}`);
  const job = await getJob({ hubUrl: b.hub.url, accessToken: b.hub.token, namespace: b.namespace, jobId });
  const folder = (job.volumes ?? []).map((v) => (v as { path?: string }).path).find(Boolean) ?? "";
  return { seconds, jobId, folder };
}

/** Waits (untimed) until the job is finished, so a running job does not slow the next launch. */
export async function waitFinished(b: Bench, jobId: string): Promise<void> {
  for (;;) {
    const job = await getJob({ hubUrl: b.hub.url, accessToken: b.hub.token, namespace: b.namespace, jobId });
    if (["COMPLETED", "ERROR", "CANCELED", "DELETED"].includes(String(job.status.stage))) return;
    await sleep(100);
  }
}

async function sha256OfStream(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const h = createHash("sha256");
  for await (const c of stream) h.update(c);
  return h.digest("hex");
}

/** Downloads `{folder}/{name}` back from the artifacts bucket and compares it with the local file. */
export async function sameBytes(b: Bench, folder: string, file: string): Promise<boolean> {
  const blob = await downloadFile({
    repo: { type: "bucket", name: `${b.namespace}/jobs-artifacts` },
    path: `${folder}/${basename(file)}`,
    hubUrl: b.hub.url,
    accessToken: b.hub.token,
  });
  if (!blob) return false;
  const [remote, local] = await Promise.all([
    sha256OfStream(blob.stream() as unknown as AsyncIterable<Uint8Array>),
    sha256OfStream(createReadStream(file)),
  ]);
  return remote === local;
}
