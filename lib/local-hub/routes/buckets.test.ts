import {
  copyFile, createRepo, deleteFile, deleteRepo, downloadFile, fileExists, listFiles, pathsInfo, repoExists, uploadFiles,
  type ListFileEntry,
} from "@huggingface/hub";
import { mkdtempSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { float32Bytes, lcgBytes } from "../../../test-support/storage-data";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

const enc = new TextEncoder();
const HELLO_HASH = "f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f";
const RANDOM_300K_HASH = "c2131405e34f74d4620f62bed8edb407c0f2005d5cfe0a0d2309ab6881eb1c4e";

const files: Record<string, Uint8Array<ArrayBuffer>> = {
  "hello.txt": enc.encode("hello world"),
  "data/random.bin": lcgBytes(300_000),
  "data/floats.f32": float32Bytes(50_000),
  "empty.txt": new Uint8Array(0),
  "copy/random-again.bin": lcgBytes(300_000),
  "with space/ä ö.txt": enc.encode("non-ascii path\n"),
};

async function bytesOf(blob: Blob | null): Promise<Uint8Array> {
  if (!blob) throw new Error("no blob");
  return new Uint8Array(await blob.arrayBuffer());
}

async function listAll(hub: InProcessHub, repoName: string, opts: { path?: string; recursive?: boolean } = {}): Promise<ListFileEntry[]> {
  const out: ListFileEntry[] = [];
  for await (const e of listFiles({ repo: { type: "bucket", name: repoName }, hubUrl: hub.url, fetch: hub.fetch, accessToken: hub.token, ...opts })) out.push(e);
  return out;
}

describe("Storage Buckets through @huggingface/hub", () => {
  let hub: InProcessHub;
  let dir: string;
  const repo = { type: "bucket" as const, name: "local-user/b1" };
  const creds = () => ({ hubUrl: hub.url, accessToken: hub.token, fetch: hub.fetch });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lh-buckets-"));
    hub = await startInProcessHub({ dir, testControls: true });
  });
  afterAll(() => hub.close());

  it("creates a private bucket, and answers 409 with url on repeat", async () => {
    const res = await createRepo({ repo, ...creds() });
    expect(res.repoUrl).toBe(`${hub.url}/buckets/local-user/b1`);
    await expect(createRepo({ repo, ...creds() })).rejects.toMatchObject({ statusCode: 409 });
    const raw = await hub.fetch(`${hub.url}/api/buckets/local-user/b1`, { method: "POST", headers: { authorization: `Bearer ${hub.token}` } });
    expect(raw.status).toBe(409);
    expect(await raw.json()).toMatchObject({ url: `${hub.url}/buckets/local-user/b1` });
    const info = await (await hub.fetch(`${hub.url}/api/buckets/local-user/b1`, { headers: { authorization: `Bearer ${hub.token}` } })).json();
    expect(info).toMatchObject({ id: "local-user/b1", private: true, size: 0, totalFiles: 0 });
  });

  it("uploads six files (text, random, float32/BG4, empty, duplicate, nested non-ASCII) and lists them with xetHashes", async () => {
    await uploadFiles({
      repo, ...creds(),
      files: Object.entries(files).map(([path, bytes]) => ({ path, content: new Blob([bytes]) })),
    });
    const all = await listAll(hub, repo.name, { recursive: true });
    expect(all.map((e) => e.path)).toEqual(Object.keys(files).sort());
    const byPath = new Map(all.map((e) => [e.path, e]));
    expect(byPath.get("hello.txt")).toMatchObject({ type: "file", size: 11, xetHash: HELLO_HASH });
    expect(byPath.get("data/random.bin")).toMatchObject({ size: 300_000, xetHash: RANDOM_300K_HASH });
    expect(byPath.get("copy/random-again.bin")?.xetHash).toBe(RANDOM_300K_HASH);
    expect(byPath.get("empty.txt")).toMatchObject({ size: 0, xetHash: "0".repeat(64) });
    expect(byPath.get("data/floats.f32")?.size).toBe(200_000);
    // the float32 file made the client pick BG4 + LZ4 (scheme 2) for at least one chunk, and the server decoded it
    const rows = hub.hub.ctx.db.prepare(`SELECT chunks FROM xet_xorbs`).all() as { chunks: Buffer }[];
    const schemes = new Set(rows.flatMap((r) => Array.from({ length: r.chunks.length / 48 }, (_, i) => r.chunks.readUInt32LE(i * 48 + 44))));
    expect(schemes.has(2)).toBe(true);
  });

  it("lists non-recursively with directory entries, on a sub-folder, and paginates with absolute Link URLs", async () => {
    const top = await listAll(hub, repo.name, { recursive: false });
    expect(top.map((e) => [e.type, e.path])).toEqual([
      ["directory", "copy"], ["directory", "data"], ["file", "empty.txt"], ["file", "hello.txt"], ["directory", "with space"],
    ]);
    const data = await listAll(hub, repo.name, { path: "data", recursive: false });
    expect(data.map((e) => e.path)).toEqual(["data/floats.f32", "data/random.bin"]);
    // a prefix matches whole path components only: "dat" is not "data"
    expect(await listAll(hub, repo.name, { path: "dat" })).toEqual([]);

    const first = await hub.fetch(`${hub.url}/api/buckets/local-user/b1/tree?recursive=true&expand=false&limit=2`, {
      headers: { authorization: `Bearer ${hub.token}` },
    });
    expect(await first.json()).toHaveLength(2);
    const link = first.headers.get("link") ?? "";
    expect(link).toMatch(new RegExp(`^<${hub.url.replace(/\./g, "\\.")}/api/buckets/local-user/b1/tree\\?[^>]+>; rel="next"$`));
    const pages: string[] = [];
    let next: string | null = `${hub.url}/api/buckets/local-user/b1/tree?recursive=true&limit=2`;
    while (next) {
      const res: Response = await hub.fetch(next, { headers: { authorization: `Bearer ${hub.token}` } });
      pages.push(...((await res.json()) as { path: string }[]).map((e) => e.path));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1] ?? null;
    }
    expect(pages).toEqual(Object.keys(files).sort());
  });

  it("percent-decodes tree and resolve paths, accepting %2F as Python sends it", async () => {
    const tree = await hub.fetch(`${hub.url}/api/buckets/local-user/b1/tree/with%20space?recursive=false`, { headers: { authorization: `Bearer ${hub.token}` } });
    expect(((await tree.json()) as { path: string }[]).map((e) => e.path)).toEqual(["with space/ä ö.txt"]);
    const res = await hub.fetch(`${hub.url}/buckets/local-user/b1/resolve/with%20space%2F%C3%A4%20%C3%B6.txt`, { headers: { authorization: `Bearer ${hub.token}` } });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(files["with space/ä ö.txt"]);
  });

  it("answers pathsInfo for existing files and omits missing ones", async () => {
    const info = await pathsInfo({ repo, ...creds(), paths: ["hello.txt", "nope.txt", "with space/ä ö.txt"] });
    expect(info.map((i) => [i.path, i.size])).toEqual([["hello.txt", 11], ["with space/ä ö.txt", files["with space/ä ö.txt"].length]]);
  });

  it("downloads every file byte-exactly in xet mode and in plain mode, whole and ranged", async () => {
    for (const [path, bytes] of Object.entries(files)) {
      const blob = await downloadFile({ repo, path, ...creds() });
      expect(await bytesOf(blob)).toEqual(bytes);
      const plain = await downloadFile({ repo, path, ...creds(), xet: false });
      expect(await bytesOf(plain)).toEqual(bytes);
    }
    const blob = await downloadFile({ repo, path: "data/random.bin", ...creds() });
    expect(await bytesOf(blob?.slice(140_000, 270_001) ?? null)).toEqual(files["data/random.bin"].subarray(140_000, 270_001));
    const ranged = await hub.fetch(`${hub.url}/buckets/local-user/b1/resolve/data/random.bin`, {
      headers: { authorization: `Bearer ${hub.token}`, range: "bytes=100-199" },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe("bytes 100-199/300000");
    expect(ranged.headers.get("etag")).toBe(`"${RANDOM_300K_HASH}"`);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(files["data/random.bin"].subarray(100, 200));
  });

  it("answers 404 EntryNotFound for a missing file, and fileExists/deleteFile work", async () => {
    const res = await hub.fetch(`${hub.url}/buckets/local-user/b1/resolve/missing.txt`, { headers: { authorization: `Bearer ${hub.token}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(await downloadFile({ repo, path: "missing.txt", ...creds() })).toBeNull();
    expect(await fileExists({ repo, path: "hello.txt", ...creds() })).toBe(true);
    await deleteFile({ repo, path: "hello.txt", ...creds() });
    expect(await fileExists({ repo, path: "hello.txt", ...creds() })).toBe(false);
  });

  it("lists and downloads a file written straight into the bucket folder (as a job does through /data)", async () => {
    const bytes = lcgBytes(200_123, 7);
    const abs = join(dir, "buckets", "local-user", "b1", "files", "data", "job-output.bin");
    writeFileSync(abs, bytes);
    utimesSync(abs, 1_700_000_000, 1_700_000_000);
    const listed = (await listAll(hub, repo.name, { path: "data" })).find((e) => e.path === "data/job-output.bin");
    expect(listed).toMatchObject({ type: "file", size: 200_123, xetHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((listed as unknown as { mtime: string }).mtime).toBe(new Date(1_700_000_000_000).toISOString());
    expect(await bytesOf(await downloadFile({ repo, path: "data/job-output.bin", ...creds() }))).toEqual(bytes);
    expect(await bytesOf(await downloadFile({ repo, path: "data/job-output.bin", ...creds(), xet: false }))).toEqual(bytes);
    // the xetHash is the one the client computes for the same bytes (re-upload under another name)
    await uploadFiles({ repo, ...creds(), files: [{ path: "reupload.bin", content: new Blob([bytes]) }] });
    const [re] = await pathsInfo({ repo, ...creds(), paths: ["reupload.bin"] });
    expect(re.xetHash).toBe(listed?.xetHash);

    // the job overwrites it: the listing and both download paths follow the new bytes
    const newer = lcgBytes(90_000, 8);
    writeFileSync(abs, newer);
    const [after] = await pathsInfo({ repo, ...creds(), paths: ["data/job-output.bin"] });
    expect(after.size).toBe(90_000);
    expect(after.xetHash).not.toBe(listed?.xetHash);
    expect(await bytesOf(await downloadFile({ repo, path: "data/job-output.bin", ...creds() }))).toEqual(newer);
    expect(await bytesOf(await downloadFile({ repo, path: "data/job-output.bin", ...creds(), xet: false }))).toEqual(newer);
  });

  it("never follows a symlink a job planted in the bucket folder out of the bucket", async () => {
    const outside = join(dir, "secret.txt");
    writeFileSync(outside, "host secret");
    const filesDir = join(dir, "buckets", "local-user", "b1", "files");
    symlinkSync(outside, join(filesDir, "link.txt"));
    symlinkSync(dir, join(filesDir, "linkdir"));
    const all = await listAll(hub, repo.name);
    expect(all.some((e) => e.path.startsWith("link"))).toBe(false);
    expect(await downloadFile({ repo, path: "link.txt", ...creds(), xet: false })).toBeNull();
    expect(await downloadFile({ repo, path: "linkdir/secret.txt", ...creds(), xet: false })).toBeNull();
    expect(await listAll(hub, repo.name, { path: "linkdir" })).toEqual([]);
  });

  it("keeps a private bucket invisible to another user (404) and to anonymous callers (401)", async () => {
    const other = (await (await hub.fetch(`${hub.url}/__test/users`, { method: "POST", body: JSON.stringify({ name: "other-user" }), headers: { authorization: `Bearer ${hub.token}` } })).json()) as { token: string };
    const asOther = { hubUrl: hub.url, fetch: hub.fetch, accessToken: other.token };
    await expect(listAll({ ...hub, token: other.token }, repo.name)).rejects.toMatchObject({ statusCode: 404 });
    await expect(downloadFile({ repo, path: "data/random.bin", ...asOther })).rejects.toMatchObject({ statusCode: 404 });
    const res = await hub.fetch(`${hub.url}/api/buckets/local-user/b1/tree`);
    expect(res.status).toBe(401);
    const raw = await hub.fetch(`${hub.url}/buckets/local-user/b1/resolve/data/random.bin`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(raw.status).toBe(404);
    expect(raw.headers.get("x-error-code")).toBe("RepoNotFound");
    await expect(uploadFiles({ repo, ...asOther, files: [{ path: "x.txt", content: new Blob(["x"]) }] })).rejects.toMatchObject({ statusCode: 404 });
  });

  it("copies a file bucket-to-bucket server-side, lists buckets (private hidden from others), deletes a bucket", async () => {
    const dest = { type: "bucket" as const, name: "local-user/public-dest" };
    await createRepo({ repo: dest, visibility: "public", ...creds() });
    await copyFile({ source: { repo, path: "data/random.bin" }, destination: { repo: dest, path: "copied/r.bin" }, ...creds() });
    expect(await bytesOf(await downloadFile({ repo: dest, path: "copied/r.bin", ...creds() }))).toEqual(files["data/random.bin"]);
    // public: anonymous callers can list and download
    expect(await bytesOf(await downloadFile({ repo: dest, path: "copied/r.bin", hubUrl: hub.url, fetch: hub.fetch }))).toEqual(files["data/random.bin"]);

    const mine = (await (await hub.fetch(`${hub.url}/api/buckets/me`, { headers: { authorization: `Bearer ${hub.token}` } })).json()) as { id: string }[];
    expect(mine.map((b) => b.id)).toEqual(["local-user/b1", "local-user/public-dest"]);
    const anon = (await (await hub.fetch(`${hub.url}/api/buckets/local-user`)).json()) as { id: string; private: boolean }[];
    expect(anon).toEqual([expect.objectContaining({ id: "local-user/public-dest", private: false })]);

    await deleteRepo({ repo: dest, ...creds() });
    expect(await repoExists({ repo: dest, ...creds() })).toBe(false);
    const gone = await hub.fetch(`${hub.url}/api/buckets/local-user/public-dest`, { method: "DELETE", headers: { authorization: `Bearer ${hub.token}` } });
    expect(gone.status).toBe(404);
    expect(gone.headers.get("x-error-code")).toBe("RepoNotFound");
  });

  it("keeps uploads across a restart of the server", async () => {
    await createRepo({ repo: { type: "bucket", name: "local-user/restart" }, ...creds() });
    const bytes = lcgBytes(150_000, 99);
    await uploadFiles({ repo: { type: "bucket", name: "local-user/restart" }, ...creds(), files: [{ path: "r.bin", content: new Blob([bytes]) }] });
    await hub.close();
    hub = await startInProcessHub({ dir, testControls: true });
    const blob = await downloadFile({ repo: { type: "bucket", name: "local-user/restart" }, path: "r.bin", ...creds() });
    expect(await bytesOf(blob)).toEqual(bytes);
  });

  it("wipes buckets on /__test/reset", async () => {
    await hub.fetch(`${hub.url}/__test/reset`, { method: "POST", headers: { authorization: `Bearer ${hub.token}` } });
    expect(await repoExists({ repo, ...creds() })).toBe(false);
    await createRepo({ repo, ...creds() });
    expect(await listAll(hub, repo.name)).toEqual([]);
  });
});
