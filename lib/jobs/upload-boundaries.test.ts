import { randomBytes } from "node:crypto";
import { downloadFile } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";

/**
 * Byte identity at the Xet format's edges, through the app's upload path (patched @huggingface/hub
 * and @huggingface/xetchunk-wasm, native BLAKE3): sizes around the chunker's minimum (8 KiB), target
 * (64 KiB) and maximum (128 KiB) chunk and around a full xorb (16 MiB, patches/README.md item 8), and contents that flip the
 * compression choice (store raw when the sampled bytes look random, LZ4 otherwise) inside one file.
 * Each file is downloaded back from the local Hub and compared byte for byte.
 */

const SCRIPT = `# /// script
# requires-python = ">=3.8"
# dependencies = []
# ///
print("ok")
`;
const KiB = 1024;
const MiB = 1024 * KiB;

describe("upload byte identity at chunk and xorb boundaries (local Hub)", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(async () => {
    await t.hub.close();
  });

  async function launchAndCompare(contents: Record<string, Uint8Array<ArrayBuffer> | string>): Promise<void> {
    const files: LaunchFile[] = Object.entries(contents).map(([path, c]) => ({ path, content: new Blob([c]) }));
    const r = await launchJob({
      hubUrl: t.base.hubUrl,
      accessToken: t.base.accessToken,
      input: { namespace: t.base.namespace, files: files.map((f) => ({ path: f.path, size: f.content.size })), script: "train.py" },
      files,
    });
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    if (!r.ok) return;
    for (const [path, want] of Object.entries(contents)) {
      const blob = await downloadFile({
        repo: { type: "bucket", name: `${t.base.namespace}/jobs-artifacts` },
        path: `${r.data.folder}/${path}`,
        hubUrl: t.base.hubUrl,
        accessToken: t.base.accessToken,
      });
      expect(blob, path).not.toBeNull();
      const got = Buffer.from(await (blob as Blob).arrayBuffer());
      const expected = typeof want === "string" ? Buffer.from(want) : Buffer.from(want);
      expect(got.length, `${path} size`).toBe(expected.length);
      expect(got.equals(expected), `${path} bytes`).toBe(true);
    }
  }

  it("files of sizes around the minimum, target and maximum chunk come back identical", async () => {
    const contents: Record<string, Uint8Array<ArrayBuffer> | string> = { "train.py": SCRIPT };
    for (const size of [1, 63, 64, 65, 8 * KiB - 1, 8 * KiB, 8 * KiB + 1, 64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 128 * KiB - 1, 128 * KiB, 128 * KiB + 1, 3 * 128 * KiB]) {
      contents[`random/${size}.bin`] = randomBytes(size);
      contents[`zeros/${size}.bin`] = new Uint8Array(size);
    }
    await launchAndCompare(contents);
  }, 60_000);

  it("one file switching between random, zero and repeated-random stretches comes back identical", async () => {
    // Random (stored raw without an LZ4 try), zeros (LZ4), a 4 KiB random block repeated (high byte
    // entropy yet LZ4-compressible: stored raw by the entropy rule, still the same bytes), random again.
    const block = randomBytes(4 * KiB);
    const parts = [randomBytes(700 * KiB), new Uint8Array(500 * KiB), Buffer.concat(Array.from({ length: 200 }, () => block)), randomBytes(300 * KiB + 17)];
    await launchAndCompare({ "train.py": SCRIPT, "mixed.bin": Buffer.concat(parts) });
  }, 60_000);

  it("a file of exactly one xorb's worth of bytes (16 MiB) comes back identical", async () => {
    // Random chunks are stored raw with an 8-byte header each, so 16 MiB of data spills a few chunks
    // into a second xorb: the cut falls just before the 16 MiB xorb limit.
    await launchAndCompare({ "train.py": SCRIPT, "xorb.bin": randomBytes(16 * MiB) });
  }, 120_000);
});
