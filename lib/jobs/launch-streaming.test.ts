import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadFile, listJobs } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { END, gatedRequest, part } from "@/test-support/multipart-body";
import { launchJob } from "./launch-job";
import { PendingFile } from "./pending-file";
import type { LaunchFile } from "./prepare-launch";
import { receiveLaunchForm } from "./receive-launch-form";

/**
 * issue 15: a large file is uploaded while the request still sends it (lib/jobs/receive-launch-form.ts
 * hands it to the launch as a PendingFile). Against the local Hub: the bytes land whole, the job starts
 * only after the last byte, and a file that turns out wrong mid-way launches nothing.
 */

const SCRIPT = "# /// script\n# dependencies = []\n# ///\nimport os\nprint(os.path.getsize('/data/data/big.bin'))\n";
const parent = mkdtempSync(join(tmpdir(), "launch-streaming-"));

describe("launching a file while it arrives (local Hub)", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(async () => {
    await t.hub.close();
    rmSync(parent, { recursive: true, force: true });
  });

  const jobCount = async () => (await listJobs({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, namespace: t.base.namespace })).length;

  /** Receives the body, launches from what it gave (as app/api/launch does), then lets the rest of the body go. */
  async function launchWhileSending(big: Uint8Array, listedSize: number) {
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "data/big.bin", size: listedSize }];
    const input = { namespace: t.base.namespace, script: "train.py", files };
    const g = gatedRequest(Buffer.concat([part("input", JSON.stringify(input)), part("file", SCRIPT, "train.py")]), Buffer.concat([part("file", big, "data/big.bin"), END]));
    const received = await receiveLaunchForm(g.request, { maxFileBytes: 100_000_000, dir: parent });
    if (!received.ok) throw new Error(received.error.message);
    const launchFiles: LaunchFile[] = received.value.entries.flatMap(([, v]) => (typeof v === "string" ? [] : [{ path: v.name, content: v }]));
    const pending = launchFiles.find((f) => f.content instanceof PendingFile);
    expect(pending?.path).toBe("data/big.bin");
    const launched = launchJob({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, input, files: launchFiles });
    // The launch is under way before the file's bytes (beyond the first 100 KB) were sent.
    g.release();
    const result = await launched;
    const body = await received.value.finish();
    await received.value.cleanup();
    return { result, body };
  }

  it("stores the streamed file byte for byte and launches one job on it", async () => {
    const before = await jobCount();
    const big = randomBytes(20 * 1024 * 1024 + 5);
    const { result, body } = await launchWhileSending(big, big.length);
    expect(body).toEqual({ ok: true });
    expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
    if (!result.ok) return;
    const blob = await downloadFile({
      repo: { type: "bucket", name: `${t.base.namespace}/jobs-artifacts` },
      path: `${result.data.folder}/data/big.bin`,
      hubUrl: t.base.hubUrl,
      accessToken: t.base.accessToken,
    });
    expect(Buffer.from(await (blob as Blob).arrayBuffer()).equals(big)).toBe(true);
    expect(await jobCount()).toBe(before + 1);
  }, 120_000);

  it("concurrent streamed launches (sharing the patched client's xorb buffer pool) each store their own bytes", async () => {
    const before = await jobCount();
    // > 2 xorbs of 16 MiB each: full-size buffers are taken from and given back to the pool while the others upload.
    const bigs = [0, 1, 2].map((i) => randomBytes(40 * 1024 * 1024 + 17 * i));
    // One more launch, cut off mid-file, runs alongside: its partial bytes must not end up anywhere.
    const cut = (async () => {
      const files = [{ path: "train.py", size: SCRIPT.length }, { path: "data/big.bin", size: 30 * 1024 * 1024 }];
      const input = { namespace: t.base.namespace, script: "train.py", files };
      const g = gatedRequest(Buffer.concat([part("input", JSON.stringify(input)), part("file", SCRIPT, "train.py")]), part("file", randomBytes(30 * 1024 * 1024), "data/big.bin").subarray(0, 20 * 1024 * 1024));
      const received = await receiveLaunchForm(g.request, { maxFileBytes: 100_000_000, dir: parent });
      if (!received.ok) return received;
      const launchFiles: LaunchFile[] = received.value.entries.flatMap(([, v]) => (typeof v === "string" ? [] : [{ path: v.name, content: v }]));
      const launched = launchJob({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, input, files: launchFiles });
      g.release();
      const result = await launched;
      await received.value.finish();
      await received.value.cleanup();
      return result;
    })();
    const [results, cutResult] = await Promise.all([Promise.all(bigs.map((b) => launchWhileSending(b, b.length))), cut]);
    expect(cutResult.ok).toBe(false);
    for (const [i, { result, body }] of results.entries()) {
      expect(body).toEqual({ ok: true });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const blob = await downloadFile({
        repo: { type: "bucket", name: `${t.base.namespace}/jobs-artifacts` },
        path: `${result.data.folder}/data/big.bin`,
        hubUrl: t.base.hubUrl,
        accessToken: t.base.accessToken,
      });
      expect(Buffer.from(await (blob as Blob).arrayBuffer()).equals(bigs[i] as Buffer), `launch ${i}`).toBe(true);
    }
    expect(await jobCount()).toBe(before + 3);
  }, 300_000);

  it("a file shorter than listed fails the launch naming it, and launches nothing", async () => {
    const before = await jobCount();
    const big = randomBytes(6 * 1024 * 1024);
    const { result } = await launchWhileSending(big, big.length + 10);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { files: [expect.stringMatching(/"data\/big\.bin" changed size while sending/)] } } });
    expect(await jobCount()).toBe(before);
  }, 120_000);
});
