import { randomBytes } from "node:crypto";
import { downloadFile, listJobs } from "@huggingface/hub";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";

/**
 * The upload path with patches/@huggingface+hub+2.17.5.patch applied (byte-grouping heuristic, one
 * LZ4 pass, growing xorb/shard buffers, xorbs sent while the next is built): what lands in the bucket
 * must be the dropped bytes exactly, and a failed xorb upload must launch nothing.
 */

const SCRIPT = `# /// script
# requires-python = ">=3.8"
# dependencies = []
# ///
print("ok")
`;

/** float32 values with a narrow exponent range: byte lanes differ, so the byte-grouped LZ4 is tried. */
function floatBytes(count: number): Uint8Array<ArrayBuffer> {
  const f = new Float32Array(count);
  for (let i = 0; i < count; i++) f[i] = Math.sin(i / 7) * 0.01;
  return new Uint8Array(f.buffer);
}

/** Repetitive text: plain LZ4 wins. */
function textBytes(size: number): Uint8Array<ArrayBuffer> {
  const line = "epoch 12 step 3401 loss=0.1234 lr=0.0003 grad_norm=1.27\n";
  return new TextEncoder().encode(line.repeat(Math.ceil(size / line.length)).slice(0, size));
}

/** Compression scheme byte of every chunk header in a xorb body (8-byte headers: version, 3-byte compressed length, scheme, 3-byte length). */
function chunkSchemes(xorb: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at + 8 <= xorb.length; ) {
    const compressed = (xorb[at + 1] ?? 0) | ((xorb[at + 2] ?? 0) << 8) | ((xorb[at + 3] ?? 0) << 16);
    out.push(xorb[at + 4] ?? -1);
    at += 8 + compressed;
  }
  return out;
}

describe("upload integrity through launchJob (local Hub)", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(async () => {
    await t.hub.close();
  });
  beforeEach(async () => {
    await t.api("/__test/faults", { method: "DELETE" });
  });

  async function launch(contents: Record<string, Uint8Array<ArrayBuffer> | string>, reuseFolder?: string, fetchImpl?: typeof fetch) {
    const files: LaunchFile[] = Object.entries(contents).map(([path, c]) => ({ path, content: new Blob([c]) }));
    return launchJob({
      hubUrl: t.base.hubUrl,
      accessToken: t.base.accessToken,
      input: {
        namespace: t.base.namespace,
        files: files.map((f) => ({ path: f.path, size: f.content.size })),
        script: "train.py",
        ...(reuseFolder ? { reuseFolder } : {}),
      },
      files,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  }

  async function expectStored(folder: string, contents: Record<string, Uint8Array<ArrayBuffer> | string>) {
    for (const [path, want] of Object.entries(contents)) {
      const blob = await downloadFile({
        repo: { type: "bucket", name: `${t.base.namespace}/jobs-artifacts` },
        path: `${folder}/${path}`,
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

  it("stores random, float-tensor-like and text files byte for byte (all three compression choices)", async () => {
    const contents = {
      "train.py": SCRIPT,
      "data/random.bin": randomBytes(3_000_001),
      "data/weights.f32": floatBytes(600_003),
      "logs/train.log": textBytes(1_500_007),
      "tiny.txt": "x",
      "empty.txt": "",
    };
    const schemes = new Set<number>();
    const r = await launch(contents, undefined, (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (init?.method === "POST" && url.includes("/v1/xorbs/")) {
        // The patched client sends a xorb as a one-chunk stream with its Content-Length (no copy).
        expect(init.body).toBeInstanceOf(ReadableStream);
        const body = new Uint8Array(await new Response(init.body as ReadableStream).arrayBuffer());
        expect(Number(new Headers(init.headers).get("content-length"))).toBe(body.byteLength);
        for (const s of chunkSchemes(body)) schemes.add(s);
        return fetch(input, { ...init, body });
      }
      return fetch(input, init);
    }) as typeof fetch);
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    if (!r.ok) return;
    // 0 = stored, 1 = LZ4, 2 = byte-grouped LZ4 (specs/hub-buckets-xet.md §5.4)
    expect([...schemes].sort()).toEqual([0, 1, 2]);
    await expectStored(r.data.folder, contents);
  });

  it("a file spanning several xorbs (> 4 × 16 MiB, sent while the next xorb is built) comes back identical", async () => {
    const contents = { "train.py": SCRIPT, "big.bin": randomBytes(70 * 1024 * 1024) };
    await t.api("/__test/requests", { method: "DELETE" });
    const r = await launch(contents);
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    if (!r.ok) return;
    const xorbPosts = ((await (await t.api("/__test/requests")).json()) as { method: string; path: string }[]).filter(
      (q) => q.method === "POST" && q.path.startsWith("/cas/v1/xorbs/"),
    );
    expect(xorbPosts.length).toBeGreaterThanOrEqual(5);
    await expectStored(r.data.folder, contents);
  }, 120_000);

  it("a failed xorb upload launches nothing; the retry fills the same folder and launches once", async () => {
    const before = (await listJobs({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, namespace: t.base.namespace })).length;
    const contents = { "train.py": SCRIPT, "data/random.bin": randomBytes(2_000_000) };
    await t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: "/cas/v1/xorbs/**", count: 1, kind: "500" }) });
    const failed = await launch(contents);
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.folder).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect((await listJobs({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, namespace: t.base.namespace })).length).toBe(before);

    const retried = await launch(contents, failed.error.folder);
    expect(retried.ok, JSON.stringify(!retried.ok && retried.error)).toBe(true);
    if (!retried.ok) return;
    expect(retried.data.folder).toBe(failed.error.folder);
    expect((await listJobs({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, namespace: t.base.namespace })).length).toBe(before + 1);
    await expectStored(retried.data.folder, contents);
  }, 60_000);
});
