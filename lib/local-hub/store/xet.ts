import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import { newToken } from "../ids";
import { XetFormatError } from "../xet/compression";
import { fileHashOf, verificationHashOf, ZERO_HASH } from "../xet/hash";
import type { FileSegment } from "../xet/reconstruction";
import { parseShard } from "../xet/shard";
import { decodeXorbChunk, parseXorb, verifyXorb } from "../xet/xorb";
import type { Db } from "./db";

/**
 * The local Xet CAS (specs/hub-buckets-xet.md §4-§6): xorb bytes on disk under `{dir}/xorbs/{aa}/{hash}`,
 * and in SQLite each xorb's chunk table (`xet_xorbs`), each file hash's segments (`xet_files`) and
 * the xet access tokens (`xet_tokens`, kept across restarts and resets: the JS client caches them
 * process-wide, spec §8 gotcha 8).
 */

/** A chunk of a stored xorb: its place in the xorb bytes and its raw hash. */
export interface StoredChunk {
  offset: number;
  compressedLength: number;
  unpackedLength: number;
  scheme: number;
  hash: Uint8Array;
}

/** A registered file: its size (sum of segment bytes) and segments. */
export interface XetFile {
  hash: string;
  size: number;
  segments: FileSegment[];
}

const schemaReady = new WeakSet<Db>();

function ensureXetSchema(db: Db): void {
  if (schemaReady.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS xet_xorbs (hash TEXT PRIMARY KEY, num_chunks INTEGER NOT NULL, size INTEGER NOT NULL, chunks BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS xet_files (hash TEXT PRIMARY KEY, size INTEGER NOT NULL, segments TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS xet_tokens (token TEXT PRIMARY KEY, bucket_id TEXT NOT NULL, mode TEXT NOT NULL, exp INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS xet_file_buckets (hash TEXT NOT NULL, bucket_id TEXT NOT NULL, PRIMARY KEY (hash, bucket_id));
  `);
  schemaReady.add(db);
}

const CHUNK_ROW = 48;

function packChunks(chunks: StoredChunk[]): Buffer {
  const buf = Buffer.alloc(chunks.length * CHUNK_ROW);
  chunks.forEach((c, i) => {
    const o = i * CHUNK_ROW;
    buf.set(c.hash, o);
    buf.writeUInt32LE(c.offset, o + 32);
    buf.writeUInt32LE(c.compressedLength, o + 36);
    buf.writeUInt32LE(c.unpackedLength, o + 40);
    buf.writeUInt32LE(c.scheme, o + 44);
  });
  return buf;
}

function unpackChunks(buf: Buffer): StoredChunk[] {
  const out: StoredChunk[] = [];
  for (let o = 0; o < buf.length; o += CHUNK_ROW) {
    out.push({
      hash: new Uint8Array(buf.subarray(o, o + 32)), offset: buf.readUInt32LE(o + 32), compressedLength: buf.readUInt32LE(o + 36),
      unpackedLength: buf.readUInt32LE(o + 40), scheme: buf.readUInt32LE(o + 44),
    });
  }
  return out;
}

/** `{dir}/xorbs/{first two hex}/{hash}`. */
export function xorbFilePath(ctx: HubContext, hash: string): string {
  return join(ctx.dir, "xorbs", hash.slice(0, 2), hash);
}

const chunkCache = new WeakMap<Db, Map<string, StoredChunk[]>>();

/** The chunk table of a stored xorb, or null when unknown. Cached in memory (tables are immutable). */
export function xorbChunks(ctx: HubContext, hash: string): StoredChunk[] | null {
  ensureXetSchema(ctx.db);
  let cache = chunkCache.get(ctx.db);
  if (!cache) chunkCache.set(ctx.db, (cache = new Map()));
  const hit = cache.get(hash);
  if (hit) return hit;
  const row = ctx.db.prepare(`SELECT chunks FROM xet_xorbs WHERE hash = ?`).get(hash) as { chunks: Buffer } | undefined;
  if (!row) return null;
  const chunks = unpackChunks(row.chunks);
  if (cache.size > 2000) cache.clear();
  cache.set(hash, chunks);
  return chunks;
}

function storeXorb(ctx: HubContext, hash: string, bytes: Uint8Array, chunks: StoredChunk[]): void {
  const path = xorbFilePath(ctx, hash);
  mkdirSync(join(path, ".."), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  ctx.db.prepare(`INSERT OR REPLACE INTO xet_xorbs (hash, num_chunks, size, chunks) VALUES (?, ?, ?, ?)`).run(hash, chunks.length, bytes.length, packChunks(chunks));
}

/**
 * Stores an uploaded xorb (`POST /v1/xorbs/{prefix}/{hash}`, §4.3): parses the chunk records (with or
 * without the hf_xet footer), decodes and hashes every chunk and checks the Merkle root against `hash`.
 * Idempotent: a known hash is not rewritten.
 * @returns `wasInserted` false when the xorb was already stored
 * @throws XetFormatError when the body is malformed or hashes to something else
 */
export function putXorb(ctx: HubContext, hash: string, bytes: Uint8Array): { wasInserted: boolean } {
  ensureXetSchema(ctx.db);
  if (xorbChunks(ctx, hash) && existsSync(xorbFilePath(ctx, hash))) return { wasInserted: false };
  const parsed = parseXorb(bytes);
  const hashes = verifyXorb(bytes, parsed, hash);
  storeXorb(ctx, hash, bytes, parsed.chunks.map((c, i) => ({ ...c, hash: hashes[i] })));
  return { wasInserted: true };
}

/**
 * Stores a xorb built by the local Hub itself (scheme None chunks of a file a job wrote, see
 * job-file-xet.ts). The caller guarantees `hash` matches.
 */
export function putOwnXorb(ctx: HubContext, hash: string, bytes: Uint8Array, chunks: StoredChunk[]): void {
  ensureXetSchema(ctx.db);
  if (xorbChunks(ctx, hash) && existsSync(xorbFilePath(ctx, hash))) return;
  storeXorb(ctx, hash, bytes, chunks);
}

/** Registers `fileHash → segments` (idempotent). */
export function registerXetFile(ctx: HubContext, file: XetFile): void {
  ensureXetSchema(ctx.db);
  ctx.db.prepare(`INSERT OR IGNORE INTO xet_files (hash, size, segments) VALUES (?, ?, ?)`).run(file.hash, file.size, JSON.stringify(file.segments));
}

/** A registered file, or null. The all-zero hash is always the empty file (§5.3). */
export function getXetFile(ctx: HubContext, hash: string): XetFile | null {
  if (hash === ZERO_HASH) return { hash, size: 0, segments: [] };
  ensureXetSchema(ctx.db);
  const row = ctx.db.prepare(`SELECT size, segments FROM xet_files WHERE hash = ?`).get(hash) as { size: number; segments: string } | undefined;
  return row ? { hash, size: row.size, segments: JSON.parse(row.segments) as FileSegment[] } : null;
}

/**
 * Registers the files of an uploaded shard (`POST /v1/shards`, §4.4, §5.5). Strict: every segment must
 * name a stored xorb and an in-range chunk run whose unpacked bytes match the segment, the file hash
 * must recompute from the chunk hashes, and verification range hashes (when present) must match.
 * Nothing is registered unless the whole shard checks out. `grantTo` (the bucket of the uploading
 * xet token) may then read and commit these files (see {@link xetFileInBucket}).
 * @returns `result` 1 when at least one file was new, else 0 (informational, §4.4)
 * @throws XetFormatError
 */
export function putShard(ctx: HubContext, bytes: Uint8Array, grantTo: { bucketId: string } | null = null): { result: 0 | 1 } {
  ensureXetSchema(ctx.db);
  const shard = parseShard(bytes);
  const files: XetFile[] = [];
  for (const f of shard.files) {
    const leaves: { hash: Uint8Array; length: number }[] = [];
    let size = 0;
    f.segments.forEach((seg, i) => {
      const chunks = xorbChunks(ctx, seg.xorbHash);
      if (!chunks) throw new XetFormatError(`file ${f.fileHash} segment ${i}: unknown xorb ${seg.xorbHash}`);
      if (seg.chunkEnd > chunks.length) throw new XetFormatError(`file ${f.fileHash} segment ${i}: chunks [${seg.chunkStart}, ${seg.chunkEnd}) out of range (xorb has ${chunks.length})`);
      const run = chunks.slice(seg.chunkStart, seg.chunkEnd);
      const bytesInRun = run.reduce((n, c) => n + c.unpackedLength, 0);
      if (bytesInRun !== seg.unpackedBytes) throw new XetFormatError(`file ${f.fileHash} segment ${i}: says ${seg.unpackedBytes} bytes, chunks hold ${bytesInRun}`);
      if (f.verification && f.verification[i] !== verificationHashOf(run.map((c) => c.hash))) {
        throw new XetFormatError(`file ${f.fileHash} segment ${i}: verification hash mismatch`);
      }
      for (const c of run) leaves.push({ hash: c.hash, length: c.unpackedLength });
      size += bytesInRun;
    });
    const actual = fileHashOf(leaves);
    if (actual !== f.fileHash) throw new XetFormatError(`file record ${f.fileHash}: segments hash to ${actual}`);
    files.push({ hash: f.fileHash, size, segments: f.segments });
  }
  let result: 0 | 1 = 0;
  ctx.db.transaction(() => {
    for (const f of files) {
      if (f.hash === ZERO_HASH) continue;
      const r = ctx.db.prepare(`INSERT OR IGNORE INTO xet_files (hash, size, segments) VALUES (?, ?, ?)`).run(f.hash, f.size, JSON.stringify(f.segments));
      if (r.changes > 0) result = 1;
      if (grantTo) grantXetFile(ctx, f.hash, grantTo.bucketId);
    }
  })();
  return { result };
}

/**
 * Lets bucket `bucketId` (a bucket's 24-hex `id`) use file `hash`: it was uploaded with a xet token of
 * that bucket, indexed from its tree, or copied into it (issue 9, item 4). Idempotent.
 */
export function grantXetFile(ctx: HubContext, hash: string, bucketId: string): void {
  ensureXetSchema(ctx.db);
  ctx.db.prepare(`INSERT OR IGNORE INTO xet_file_buckets (hash, bucket_id) VALUES (?, ?)`).run(hash, bucketId);
}

/**
 * True when bucket `bucketId` (its 24-hex `id`) may use file `hash`: a grant (see {@link grantXetFile})
 * or a file of the bucket with that hash in the entry cache. The empty file is everyone's.
 * A file hash is not a capability: knowing another bucket's hash gives nothing.
 */
export function xetFileInBucket(ctx: HubContext, hash: string, bucketId: string): boolean {
  if (hash === ZERO_HASH) return true;
  ensureXetSchema(ctx.db);
  if (ctx.db.prepare(`SELECT 1 FROM xet_file_buckets WHERE hash = ? AND bucket_id = ?`).get(hash, bucketId)) return true;
  try {
    return Boolean(ctx.db.prepare(`SELECT 1 FROM bucket_entries WHERE xet_hash = ? AND bucket_id = ? LIMIT 1`).get(hash, bucketId));
  } catch {
    return false; // no bucket tables yet
  }
}

/** Physical bytes read from a xorb at once while reconstructing (bounds memory on 64 MiB xorbs). */
const READ_WINDOW = 8 * 1024 * 1024;

/**
 * Passes the plain bytes of a registered file to `write`, in order (decoding each chunk: None / LZ4 /
 * BG4+LZ4, spec §5.6 "Plain-bytes reconstruction"), reading each xorb in windows of about 8 MiB.
 * @throws Error when a xorb is missing from the store (corrupt store); XetFormatError on a bad chunk
 */
export function writeXetFileTo(ctx: HubContext, file: XetFile, write: (bytes: Uint8Array) => void): void {
  for (const seg of file.segments) {
    const chunks = xorbChunks(ctx, seg.xorbHash);
    if (!chunks) throw new Error(`xorb ${seg.xorbHash} missing from the store`);
    const fd = openSync(xorbFilePath(ctx, seg.xorbHash), "r");
    try {
      let i = seg.chunkStart;
      while (i < seg.chunkEnd) {
        let j = i + 1;
        const from = chunks[i].offset;
        while (j < seg.chunkEnd && chunks[j].offset + 8 + chunks[j].compressedLength - from <= READ_WINDOW) j += 1;
        const last = chunks[j - 1];
        const part = Buffer.alloc(last.offset + 8 + last.compressedLength - from);
        if (readSync(fd, part, 0, part.length, from) !== part.length) throw new Error(`xorb ${seg.xorbHash} is shorter than its chunk table`);
        for (let k = i; k < j; k++) {
          const c = chunks[k];
          write(decodeXorbChunk(part, { ...c, offset: c.offset - from, scheme: c.scheme as 0 | 1 | 2 }));
        }
        i = j;
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Reads bytes `[start, end]` (inclusive) of a stored xorb, or null when it is unknown. */
export function readXorbRange(ctx: HubContext, hash: string, start: number, end: number): Buffer | null {
  const path = xorbFilePath(ctx, hash);
  if (!existsSync(path)) return null;
  const fd = openSync(path, "r");
  try {
    const out = Buffer.alloc(end - start + 1);
    const n = readSync(fd, out, 0, out.length, start);
    return out.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Seconds a xet token lives (spec §3.6 / §8 gotcha 9: well over 60 s, covering a whole commit). */
export const XET_TOKEN_TTL_S = 6 * 3600;

/** Mints a per-bucket xet token (`read` or `write`) stored in SQLite. `exp` is unix seconds. */
export function issueXetToken(ctx: HubContext, bucketId: string, mode: "read" | "write"): { accessToken: string; exp: number } {
  ensureXetSchema(ctx.db);
  const exp = Math.floor(Date.now() / 1000) + XET_TOKEN_TTL_S;
  const accessToken = newToken(`xet_${mode === "write" ? "w" : "r"}_`);
  ctx.db.prepare(`INSERT INTO xet_tokens (token, bucket_id, mode, exp) VALUES (?, ?, ?, ?)`).run(accessToken, bucketId, mode, exp);
  ctx.db.prepare(`DELETE FROM xet_tokens WHERE exp < ?`).run(Math.floor(Date.now() / 1000) - 86400);
  return { accessToken, exp };
}

/**
 * Checks `Authorization: Bearer <xet token>` for a CAS call. Lax on purpose (spec §8 gotcha 8):
 * a token stays valid for a day past its `exp`, survives restarts and `/__test/reset`.
 * @throws HubError 401 (missing/unknown), 403 (a read token on a write call)
 */
export function requireXetToken(ctx: HubContext, authorization: string | undefined, mode: "read" | "write"): { bucketId: string } {
  ensureXetSchema(ctx.db);
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m) throw hubError(401, "Missing xet access token");
  const row = ctx.db.prepare(`SELECT bucket_id, mode, exp FROM xet_tokens WHERE token = ?`).get(m[1]) as { bucket_id: string; mode: string; exp: number } | undefined;
  if (!row || row.exp + 86400 < Date.now() / 1000) throw hubError(401, "Invalid or expired xet access token");
  if (mode === "write" && row.mode !== "write") throw hubError(403, "This xet token is read-only");
  return { bucketId: row.bucket_id };
}

/** Wipes xorbs and file registrations (not tokens), for `/__test/reset`. */
export function wipeXetStore(ctx: HubContext): void {
  ensureXetSchema(ctx.db);
  ctx.db.exec(`DELETE FROM xet_xorbs; DELETE FROM xet_files; DELETE FROM xet_file_buckets;`);
  chunkCache.get(ctx.db)?.clear();
  rmSync(join(ctx.dir, "xorbs"), { recursive: true, force: true });
}
