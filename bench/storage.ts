/**
 * `npm run bench:storage`: uploads a 100 MB pseudo-random file to a local Hub through @huggingface/hub
 * (patched as in the app, chunk hashes with native BLAKE3 unless BENCH_NATIVE_BLAKE3=0)
 * (`uploadFiles` to a bucket: Xet chunking, xorbs, shards, batch) and prints upload MB/s, the same
 * file's `cp` speed on this disk, their ratio, a download check, and the peak RSS of both processes.
 * The local Hub runs as a child process (`node --import tsx lib/local-hub/server.ts`, the same program
 * as `npx tsx lib/local-hub/server.ts` without the npx wrapper) so its VmHWM is its own.
 * Prints figures only; asserts nothing about speed.
 */
import { createRepo, downloadFile, uploadFiles } from "@huggingface/hub";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openAsBlob, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { installNativeBlake3 } from "../lib/jobs/native-blake3";

// As in the app's server (lib/jobs/xet-file-hash.ts), unless BENCH_NATIVE_BLAKE3=0 (for an A/B).
const nativeBlake3 = process.env.BENCH_NATIVE_BLAKE3 === "0" ? false : installNativeBlake3();

const SIZE = Number(process.env.BENCH_STORAGE_MB ?? 100) * 1_000_000;
const root = resolve(".tmp");
mkdirSync(root, { recursive: true });
const work = mkdtempSync(join(root, "bench-storage-"));
const src = join(work, "src.bin");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

function vmHwmMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Writes SIZE bytes of the spec's LCG stream (§5.3 generator) in 1 MB blocks and returns its sha256. */
function writeSource(): string {
  const fd = openSync(src, "w");
  const hash = createHash("sha256");
  let x = 12345;
  const block = new Uint8Array(1_000_000);
  for (let done = 0; done < SIZE; done += block.length) {
    for (let i = 0; i < block.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      block[i] = x >>> 24;
    }
    const n = Math.min(block.length, SIZE - done);
    writeSync(fd, block, 0, n);
    hash.update(block.subarray(0, n));
  }
  closeSync(fd);
  return hash.digest("hex");
}

/** User+system CPU seconds of a process so far (/proc/<pid>/stat fields 14-15, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const mb = (bytes: number) => bytes / 1_000_000;
const fmt = (n: number) => n.toFixed(1);

const sourceSha = writeSource();

let t = performance.now();
const cp = spawnSync("cp", [src, join(work, "copy.bin")]);
if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr.toString()}`);
const cpSeconds = (performance.now() - t) / 1000;
rmSync(join(work, "copy.bin"));

const port = await freePort();
const hubDir = join(work, "hub");
const child = spawn(process.execPath, ["--import", "tsx", "lib/local-hub/server.ts", "--port", String(port), "--dir", hubDir], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((ok, fail) => {
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("listening on")) ok();
  });
  child.once("exit", (code) => fail(new Error(`local Hub exited early with code ${code}`)));
});
const pid = child.pid;
if (pid === undefined) throw new Error("no pid for the local Hub");
const hubUrl = `http://127.0.0.1:${port}`;
const accessToken = readFileSync(join(hubDir, "token"), "utf8").trim();
const repo = { type: "bucket" as const, name: "local-user/bench" };

const idleRssMb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

try {
  await createRepo({ repo, hubUrl, accessToken });
  const hubCpuBefore = cpuSeconds(pid);
  const clientCpuBefore = process.cpuUsage();
  t = performance.now();
  await uploadFiles({ repo, hubUrl, accessToken, files: [{ path: "big/src.bin", content: await openAsBlob(src) }] });
  const upSeconds = (performance.now() - t) / 1000;
  const hubCpu = cpuSeconds(pid) - hubCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);

  t = performance.now();
  const blob = await downloadFile({ repo, path: "big/src.bin", hubUrl, accessToken });
  if (!blob) throw new Error("download returned null");
  const downloaded = new Uint8Array(await blob.arrayBuffer());
  const downSeconds = (performance.now() - t) / 1000;
  const same = createHash("sha256").update(downloaded).digest("hex") === sourceSha;

  const upMbps = mb(SIZE) / upSeconds;
  const cpMbps = mb(SIZE) / cpSeconds;
  console.log(`file:                ${fmt(mb(SIZE))} MB pseudo-random (spec §5.3 LCG)`);
  console.log(`upload (uploadFiles): ${fmt(upSeconds)} s = ${fmt(upMbps)} MB/s (chunk hashes: ${nativeBlake3 ? "native BLAKE3" : "blake3-jit"})`);
  console.log(`  CPU during upload:  local Hub ${fmt(hubCpu)} s, client ${fmt((clientCpu.user + clientCpu.system) / 1e6)} s`);
  console.log(`cp on this disk:      ${cpSeconds.toFixed(2)} s = ${fmt(cpMbps)} MB/s (into the page cache, like the upload's writes)`);
  console.log(`ratio upload / cp:    ${(upMbps / cpMbps).toFixed(3)} (cp is ${fmt(cpMbps / upMbps)}× faster)`);
  console.log(`download (xet mode):  ${fmt(downSeconds)} s = ${fmt(mb(SIZE) / downSeconds)} MB/s, byte-identical: ${same}`);
  console.log(`peak RSS local Hub:   ${fmt(vmHwmMb(pid))} MB (VmHWM of pid ${pid}; ${fmt(idleRssMb)} MB idle after start)`);
  console.log(`peak RSS client:      ${fmt(process.resourceUsage().maxRSS / 1024)} MB (this process, incl. the downloaded copy)`);
} finally {
  child.kill("SIGTERM");
  await new Promise((ok) => child.once("exit", ok));
  rmSync(work, { recursive: true, force: true });
}
