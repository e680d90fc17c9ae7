import { downloadFile } from "@huggingface/hub";
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useJobsHubSuite } from "@/test-support/jobs-hub-suite";
import { launchJob } from "./launch-job";
import { IN_MEMORY_UPLOAD_BYTES, type LaunchFile } from "./prepare-launch";

/**
 * Issue 15 item 3: a small launch whose files are on disk (as the launch route hands them over,
 * lib/jobs/spool-launch-form.ts) goes up as one xorb and one shard, not one of each per file; a large
 * one keeps the upload's parallel workers. The files arrive byte for byte either way.
 */
describe("Hub requests of a launch from files on disk", () => {
  const hub = useJobsHubSuite();
  const dir = mkdtempSync(join(tmpdir(), "small-launch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function onDisk(files: Record<string, Uint8Array | string>): Promise<LaunchFile[]> {
    return Promise.all(
      Object.entries(files).map(async ([path, content]) => {
        const file = join(dir, path.replaceAll("/", "_"));
        writeFileSync(file, content);
        return { path, content: await openAsBlob(file) };
      }),
    );
  }

  async function launchCounting(files: LaunchFile[]) {
    await hub.t.api("/__test/requests", { method: "DELETE" });
    const r = await launchJob({
      ...hub.creds,
      input: { namespace: hub.ns, files: files.map((f) => ({ path: f.path, size: f.content.size })), script: "train.py", timeout: "5m" },
      files,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const served = (await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[];
    const count = (re: RegExp) => served.filter((q) => q.method === "POST" && re.test(q.path)).length;
    return { folder: r.data.folder, xorbs: count(/\/v1\/xorbs\//), shards: count(/\/v1\/shards$/) };
  }

  async function bucketFile(folder: string, path: string): Promise<Uint8Array> {
    const blob = await downloadFile({ ...hub.creds, repo: { type: "bucket", name: `${hub.ns}/jobs-artifacts` }, path: `${folder}/${path}` });
    if (!blob) throw new Error(`${path} missing`);
    return new Uint8Array(await blob.arrayBuffer());
  }

  it("a small launch: one xorb and one shard for all its files", async () => {
    const files = await onDisk({ "train.py": "print('small')\n", "config.yaml": "lr: 0.1\n", "data/input.txt": "hello\n" });
    // The process's first upload loads the Xet chunker (WebAssembly) and fetches the write token while
    // the workers wait, so each may take a file then; the launches after it are the ones that count.
    await launchCounting(files);
    const r = await launchCounting(files);
    expect({ xorbs: r.xorbs, shards: r.shards }).toEqual({ xorbs: 1, shards: 1 });
    expect(new TextDecoder().decode(await bucketFile(r.folder, "data/input.txt"))).toBe("hello\n");
  });

  it("a launch over the in-memory bound keeps a worker per file, and its bytes arrive whole", async () => {
    const big = new Uint8Array(IN_MEMORY_UPLOAD_BYTES + 1);
    for (let i = 0, x = 7; i < big.length; i++) big[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
    const files = await onDisk({ "train.py": "print('large')\n", "config.yaml": "lr: 0.2\n", "data/big.bin": big });
    const r = await launchCounting(files);
    expect(r.xorbs).toBeGreaterThan(1);
    expect(await bucketFile(r.folder, "data/big.bin")).toEqual(big);
  });
});
