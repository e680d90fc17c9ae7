/**
 * `npm run bench:ui`: what one open tab costs the Hub and how the job page holds up.
 *
 * 1. Starts a local Hub (fresh temp dir, test controls on) and seeds 200 jobs in `local-user`:
 *    190 finished, 10 active (sleeping).
 * 2. Starts the BUILT app (`next start`, run `npx next build` first) against it and signs a headless
 *    Chromium in with the local token.
 * 3. Dashboard: Hub requests per minute made by one `/jobs` tab while visible, then while hidden
 *    (`document.visibilityState = "hidden"` + `visibilitychange`, which react-query's focus manager
 *    reads), from the local Hub's `GET /__test/requests`.
 *    Then the same dashboard in 5 visible tabs at once: the app shares one Hub read per namespace per
 *    poll interval (lib/hub/namespace-reads.ts), so the goal is the 1-tab figure.
 * 4. Log lag: a job prints `tick <epoch ms>` every 250 ms; the page records when each line appears
 *    in the DOM; p50/p95 of (seen − printed). Same machine, same clock.
 * 5. A job prints 100 000 lines; time from opening its page to "100,000 lines" shown, and the tab's
 *    JS heap (CDP Performance.getMetrics) after that; then a log search over them (time to the match
 *    count) and "only matching lines".
 * 6. First-load JS per route (raw and gzip) from `.next/build-manifest.json` rootMainFiles plus each
 *    page's `page_client-reference-manifest.js` entryJSFiles; the job page's line is repeated at the
 *    end (its charts load uPlot on demand, outside first-load JS).
 *
 * Serves a copy of `.next` (NEXT_DIST_DIR, see next.config.ts) so a rebuild meanwhile is harmless.
 * Prints numbers only; asserts nothing. Ports: app 3311, Hub picked free. Takes ~4 minutes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getJob, runJob } from "@huggingface/hub";
import { chromium } from "@playwright/test";
import { startLocalHub } from "../lib/local-hub/start-local-hub";
import { firstLoadJs, formatRoutes } from "./bundle";

const ROOT = join(import.meta.dirname, "..");
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3311);
const APP = `http://localhost:${APP_PORT}`;
const NS = "local-user";
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function waitHttp(url: string, child: ChildProcess, ms = 60_000): Promise<void> {
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

async function waitStage(creds: { hubUrl: string; accessToken: string }, jobId: string, stages: string[], ms = 180_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const job = await getJob({ ...creds, namespace: NS, jobId });
    if (stages.includes(job.status.stage)) return job.status.stage;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${job.status.stage}`);
    await sleep(500);
  }
}

/** `/__test/*` routes require the Hub's primary token. */
const testHeaders = (token: string) => ({ Authorization: `Bearer ${token}` });

async function hubRequests(hubUrl: string, token: string): Promise<{ method: string; path: string }[]> {
  return (await (await fetch(`${hubUrl}/__test/requests`, { headers: testHeaders(token) })).json()) as { method: string; path: string }[];
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) {
    console.error("No build: run `npx next build` first.");
    process.exit(1);
  }
  // Serve a copy of the build, so a rebuild in the work tree during the run cannot pull files away.
  const distDir = join(".tmp", `bench-ui-next-${process.pid}`);
  cpSync(join(ROOT, ".next"), join(ROOT, distDir), { recursive: true, filter: (src) => !src.includes(`${join(ROOT, ".next", "cache")}`) });
  const dir = mkdtempSync(join(tmpdir(), "bench-ui-"));
  const hub = await startLocalHub({ dir, testControls: true, maxConcurrentJobs: 16, sseKeepAliveMs: 5000 });
  const creds = { hubUrl: hub.url, accessToken: hub.token };
  const py = (code: string, name: string) => ({ ...creds, namespace: NS, dockerImage: "python:3.12", flavor: "cpu-basic" as const, command: ["python3", "-u", "-c", code], labels: { name } });
  let app: ChildProcess | null = null;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"] });
  try {
    console.log("first-load JS per route (raw / gzip):");
    const routes = firstLoadJs(join(ROOT, distDir));
    for (const line of formatRoutes(routes)) console.log(line);
    console.log(`local Hub ${hub.url}; seeding 190 finished jobs…`);
    const done: string[] = [];
    for (let i = 0; i < 190; i++) {
      done.push((await runJob(py("pass", `done-${i}`))).id);
      if (done.length % 16 === 0) await waitStage(creds, done[done.length - 1], ["COMPLETED", "ERROR"]);
    }
    for (const id of done.slice(-16)) await waitStage(creds, id, ["COMPLETED", "ERROR"]);
    for (let i = 0; i < 10; i++) await runJob(py("import time; time.sleep(900)", `active-${i}`));

    app = spawn(join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(APP_PORT)], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: distDir, HF_HUB_URL: hub.url, LOCAL_HUB: "1", AUTH_SECRET: randomBytes(32).toString("base64url"), AUTH_URL: APP, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" },
    });
    await waitHttp(`${APP}/api/health`, app);

    const page = await browser.newPage();
    await page.goto(`${APP}/sign-in?callbackUrl=/jobs`);
    await page.getByLabel("Access token").fill(hub.token);
    await page.getByRole("button", { name: "Sign in with token" }).click();
    await page.waitForURL((u) => u.pathname === "/jobs");
    await page.getByTestId("job-row").first().waitFor();

    // 3. Dashboard requests per minute, visible then hidden.
    await fetch(`${hub.url}/__test/requests`, { method: "DELETE", headers: testHeaders(hub.token) });
    await sleep(WINDOW_MS);
    const visible = (await hubRequests(hub.url, hub.token)).filter((r) => !r.path.startsWith("/__test"));
    // Strings, not functions: tsx's transform adds `__name` helpers that don't exist in the page.
    await page.evaluate(`(() => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
      Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
      document.dispatchEvent(new Event("visibilitychange"));
    })()`);
    await fetch(`${hub.url}/__test/requests`, { method: "DELETE", headers: testHeaders(hub.token) });
    await sleep(WINDOW_MS);
    const hidden = (await hubRequests(hub.url, hub.token)).filter((r) => !r.path.startsWith("/__test"));
    const perMin = (n: number) => ((n * 60_000) / WINDOW_MS).toFixed(1);
    const listCalls = (rs: { method: string; path: string }[]) => rs.filter((r) => r.method === "GET" && r.path === `/api/jobs/${NS}`).length;
    console.log("\n== bench:ui ==");
    console.log(`jobs in namespace: 200 (10 active); window ${WINDOW_MS / 1000} s each`);
    console.log(`dashboard visible: ${perMin(visible.length)} Hub requests/min (${perMin(listCalls(visible))} job-list calls/min)`);
    console.log(`dashboard hidden:  ${perMin(hidden.length)} Hub requests/min (${perMin(listCalls(hidden))} job-list calls/min)`);
    const byPath = new Map<string, number>();
    for (const r of visible) byPath.set(`${r.method} ${r.path}`, (byPath.get(`${r.method} ${r.path}`) ?? 0) + 1);
    console.log(`  visible, by route: ${[...byPath].map(([k, v]) => `${k} ×${v}`).join(", ")}`);

    // 3b. Five visible tabs on the same dashboard (the first one stays hidden).
    const tabs = [];
    for (let k = 0; k < 5; k++) {
      const tab = await browser.newPage({ storageState: await page.context().storageState() });
      await tab.goto(`${APP}/jobs`);
      await tab.getByTestId("job-row").first().waitFor();
      tabs.push(tab);
    }
    await fetch(`${hub.url}/__test/requests`, { method: "DELETE", headers: testHeaders(hub.token) });
    await sleep(WINDOW_MS);
    const five = (await hubRequests(hub.url, hub.token)).filter((r) => !r.path.startsWith("/__test"));
    for (const tab of tabs) await tab.close();
    console.log(`dashboard, 1 tab:  ${perMin(visible.length)} Hub requests/min; 5 tabs: ${perMin(five.length)} Hub requests/min (${perMin(listCalls(five))} job-list calls/min; goal: equal)`);

    // 4. Log lag.
    const ticker = await runJob(py("import time\nfor i in range(60):\n    print(f'tick {time.time()*1000:.0f}', flush=True)\n    time.sleep(0.25)", "ticker"));
    const lagPage = await browser.newPage({ storageState: await page.context().storageState() });
    await lagPage.addInitScript({
      content: `(() => {
        window.__lags = [];
        const seen = new Set();
        new MutationObserver((records) => {
          const now = Date.now();
          for (const r of records)
            r.addedNodes.forEach((n) => {
              if (!(n instanceof HTMLElement)) return;
              for (const el of [n, ...n.querySelectorAll("[data-testid=log-line]")]) {
                const m = /^tick (\\d+)$/.exec(el.textContent || "");
                if (m && !seen.has(m[1])) {
                  seen.add(m[1]);
                  window.__lags.push(now - Number(m[1]));
                }
              }
            });
        }).observe(document, { childList: true, subtree: true });
      })()`,
    });
    await lagPage.goto(`${APP}/jobs/${NS}/${ticker.id}`);
    await waitStage(creds, ticker.id, ["COMPLETED", "ERROR"]);
    await sleep(1500);
    // The first ticks were printed before the page opened (a replay, not live): drop the first second.
    const lags = ((await lagPage.evaluate("window.__lags")) as number[]).slice(4);
    await lagPage.close();
    console.log(`log lag (printed → in page): p50 ${pct(lags, 50)} ms, p95 ${pct(lags, 95)} ms over ${lags.length} live lines`);

    // 5. 100 000-line log.
    const big = await runJob(py("import sys\nw=sys.stdout.write\nfor i in range(100000):\n    w(f'line {i} \\x1b[32mok\\x1b[0m loss=0.{i % 997:03d} some text to make a realistic log line\\n')\nsys.stdout.flush()", "big-log"));
    await waitStage(creds, big.id, ["COMPLETED", "ERROR"]);
    const bigPage = await browser.newPage({ storageState: await page.context().storageState() });
    const cdp = await bigPage.context().newCDPSession(bigPage);
    await cdp.send("Performance.enable");
    const t0 = Date.now();
    await bigPage.goto(`${APP}/jobs/${NS}/${big.id}`);
    // The local Hub adds its own header lines, so wait for at least 100 000.
    await bigPage.waitForFunction(
      `Number((document.querySelector("[data-testid=log-line-count]")?.textContent || "0").replace(/[^0-9]/g, "")) >= 100000`,
      undefined,
      { timeout: 300_000, polling: 100 },
    );
    const renderMs = Date.now() - t0;
    const scrollStart = Date.now();
    await bigPage.evaluate(`(() => { const el = document.querySelector("[role=log]"); el.scrollTop = el.scrollHeight / 2; })()`);
    await bigPage.getByText(/^line [45]\d{4} /).first().waitFor();
    const scrollMs = Date.now() - scrollStart;
    await sleep(500);
    const metrics = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
    const heap = metrics.metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
    const nodes = metrics.metrics.find((m) => m.name === "Nodes")?.value ?? NaN;

    const searchStart = Date.now();
    await bigPage.getByRole("searchbox", { name: "Search logs" }).fill("line 54321 ");
    await bigPage.getByTestId("log-match-count").getByText("1 of 1 lines").waitFor();
    const searchMs = Date.now() - searchStart;
    const filterStart = Date.now();
    await bigPage.getByRole("checkbox", { name: "Only matching lines" }).check();
    await bigPage.getByText(/^line 54321 /).waitFor();
    const filterMs = Date.now() - filterStart;
    await bigPage.close();
    console.log(`100 000-line log search: match count after ${searchMs} ms (typing included); only matching lines ${filterMs} ms`);
    console.log(`100 000-line log: all lines held after ${(renderMs / 1000).toFixed(1)} s; scroll to middle ${scrollMs} ms; JS heap ${(heap / 1e6).toFixed(1)} MB; DOM nodes ${nodes}`);
    const jobPage = routes.find((r) => r.route === "/jobs/[namespace]/[id]");
    if (jobPage) console.log(`job page first-load JS: ${(jobPage.raw / 1000).toFixed(0)} kB / ${(jobPage.gzip / 1000).toFixed(0)} kB gzip (charts' uPlot loads on demand)`);
  } finally {
    await browser.close();
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app?.once("exit", r));
    }
    await hub.close();
    rmSync(join(ROOT, distDir), { recursive: true, force: true });
  }
}

await main();
