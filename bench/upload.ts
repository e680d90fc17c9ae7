/**
 * `npm run bench:upload`: a 100 MB and a 200 MB random data file launched with a small uv script,
 * (a) through the app's `POST /api/launch` (the BUILT app, `next start`; run `npx next build` first)
 * and (b) with the official `hf jobs uv run -d train.py data.bin` (huggingface_hub 1.33.0 + hf_xet,
 * `.tmp/hf-venv`, created when missing), against the same local Hub. Alternating A B A B, 3 pairs per
 * size; every launch gets freshly generated random bytes (so neither client can deduplicate against
 * an earlier upload), and between launches the job is left to finish (untimed). Each app upload is
 * downloaded back and compared (sha256) with what was sent.
 *
 * Prints one line per size, `upload 100 MB: app <s> s, hf <s> s, app/hf <ratio>` (medians of wall time:
 * request → answer with the job id; process start → exit for hf), then the app server's RSS: idle
 * before, peak during the app launches, and idle again 5 s and 30 s after the last one. "Idle before"
 * is the warm server's: after a 1 MB launch (received in memory) and a 16 MB one (received while it
 * uploads, xorb buffers pooled), so that every code path a large launch uses is loaded and compiled
 * (the level after the 1 MB launch alone is printed too). Figures only.
 * Env: BENCH_APP_PORT (default 3313), BENCH_PAIRS (default 3), BENCH_SIZES_MB (default "100,200").
 */
import { randomFillSync } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureHfVenv, launchViaApp, launchViaHf, median, rssSampler, sameBytes, startBench, treeRss, waitFinished } from "./app-vs-hf";

const PORT = Number(process.env.BENCH_APP_PORT ?? 3313);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const SIZES_MB = (process.env.BENCH_SIZES_MB ?? "100,200").split(",").map(Number);
const MB = 1_000_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SCRIPT = `# /// script
# requires-python = ">=3.8"
# dependencies = []
# ///
import os, sys
print("data bytes:", os.path.getsize(sys.argv[1]))
`;

function writeRandom(path: string, bytes: number): void {
  const fd = openSync(path, "w");
  const buf = Buffer.alloc(8 * MB);
  for (let left = bytes; left > 0; left -= buf.length) {
    randomFillSync(buf);
    writeSync(fd, buf, 0, Math.min(left, buf.length));
  }
  closeSync(fd);
}

ensureHfVenv();
const work = mkdtempSync(join(tmpdir(), "bench-upload-"));
const b = await startBench(PORT);
const appPid = b.app.pid as number;
const rss = rssSampler(appPid);
const fmt = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
try {
  const script = join(work, "train.py");
  writeFileSync(script, SCRIPT);
  const data = join(work, "data.bin");
  // Warm-up (untimed): bucket creation, JIT, the Xet write token on both sides.
  writeRandom(data, 1 * MB);
  await waitFinished(b, (await launchViaApp(b, [script, data])).jobId);
  await waitFinished(b, (await launchViaHf(b, [script, data])).jobId);
  await sleep(2000);
  const idleFirst = treeRss(appPid);
  writeRandom(data, 16 * MB);
  await waitFinished(b, (await launchViaApp(b, [script, data])).jobId);
  await sleep(2000);
  const idleBefore = treeRss(appPid);
  let peak = 0;
  const lines: string[] = [];
  let identical = 0;
  let checked = 0;
  for (const size of SIZES_MB) {
    const app: number[] = [];
    const hf: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      writeRandom(data, size * MB);
      rss.reset();
      const a = await launchViaApp(b, [script, data]);
      peak = Math.max(peak, rss.peak());
      app.push(a.seconds);
      checked += 1;
      if (await sameBytes(b, a.folder, data)) identical += 1;
      await waitFinished(b, a.jobId);

      writeRandom(data, size * MB);
      const h = await launchViaHf(b, [script, data]);
      hf.push(h.seconds);
      await waitFinished(b, h.jobId);
      console.log(`  ${size} MB pair ${i + 1}: app ${a.seconds.toFixed(2)} s, hf ${h.seconds.toFixed(2)} s`);
    }
    lines.push(`upload ${size} MB: app ${median(app).toFixed(2)} s, hf ${median(hf).toFixed(2)} s, app/hf ${(median(app) / median(hf)).toFixed(2)}`);
  }
  await sleep(5000);
  const idleAfter = treeRss(appPid);
  // V8 returns the upload's big ArrayBuffers when it next collects garbage; an idle server does so
  // through its memory reducer within tens of seconds, so the level a while later is printed too.
  await sleep(25_000);
  const idleLater = treeRss(appPid);
  for (const l of lines) console.log(l);
  console.log(`app server RSS: idle ${fmt(idleBefore)} before (${fmt(idleFirst)} after only a 1 MB launch), peak ${fmt(peak)} during app launches, idle ${fmt(idleAfter)} 5 s after, ${fmt(idleLater)} 30 s after`);
  console.log(`byte-identical downloads of the app's uploads: ${identical}/${checked}`);
} finally {
  rss.stop();
  await b.close();
  rmSync(work, { recursive: true, force: true });
}
