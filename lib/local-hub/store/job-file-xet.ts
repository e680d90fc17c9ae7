import { closeSync, fstatSync, readSync, type Stats } from "node:fs";
import { createChunker, finalize, nextBlock, type Chunk } from "@huggingface/xetchunk-wasm";
import type { HubContext } from "../context";
import { fileHashOf, xorbHashOf, ZERO_HASH } from "../xet/hash";
import type { FileSegment } from "../xet/reconstruction";
import { type Bucket, bucketFilesDir, ensureBucketSchema, validateBucketPath } from "./buckets";
import { ContainmentError, openFileBeneath } from "./contained-path";
import { getXetFile, grantXetFile, putOwnXorb, registerXetFile, type StoredChunk, type XetFile } from "./xet";

/**
 * Real Xet data for files that reached a bucket without an upload: a job writes its outputs straight
 * into the bind-mounted bucket folder, so the tree and paths-info endpoints know their xetHash
 * (computed from the bytes, cached in `bucket_entries`) but the CAS has no xorbs or file record for it.
 * The official clients then ask the CAS for that hash (hf_xet: `GET /cas/v2|v1/reconstructions/{h}`,
 * a bucket-to-bucket `copyFile` by xetHash, a xet-mode resolve), and this module builds the xorbs and
 * the file record on that first request (issue 10, item 4).
 *
 * Safety, because a job controls these files:
 * - the file is opened by the contained walk (store/contained-path.ts: every component `O_NOFOLLOW`,
 *   relative to the already open parent folder, so no symlink swap between check and open can fool
 *   it) and must be a regular file: a symlink a job planted is never followed, in any path component;
 * - the bytes are read once: the same bytes feed the chunker, the chunk hashes and the xorbs, so the
 *   stored data always matches the hash it is registered under, whatever the job does to the file;
 * - the hash computed from those bytes must equal the hash asked for, and the file must keep its size
 *   and mtime while it is read; otherwise nothing is registered (a rewritten file has a new hash, and
 *   the old one is answered 404, never with stale or mixed bytes).
 */

/** Bytes read from the file per step. */
const READ_BLOCK = 8 * 1024 * 1024;
/** Most unpacked bytes per xorb this module writes (spec §4.3 limit: 64 MiB serialized). */
const XORB_BYTES = 32 * 1024 * 1024;

/**
 * Opens bucket file `rel` for reading through the contained walk of store/contained-path.ts (each
 * component `O_NOFOLLOW` from the bucket's open folder): a symlink anywhere on the way, or a file that is
 * not regular, gives null. Job-written files belong to the sandbox's host user; the Hub reads them as root.
 */
function openContained(root: string, rel: string): { fd: number; st: Stats } | null {
  try {
    return openFileBeneath(root, rel);
  } catch (err) {
    if (err instanceof ContainmentError) return null;
    throw err;
  }
}

/**
 * Reads an open file once and stores it as scheme-None xorbs, registering the file hash.
 * @returns the registered file, or null when the bytes do not hash to `expected` or the file changed
 */
function indexOpenFile(ctx: HubContext, fd: number, st: Stats, expected: string): XetFile | null {
  const chunker = createChunker();
  const all: Chunk[] = [];
  const segments: FileSegment[] = [];
  let group: { chunk: Chunk; bytes: Buffer }[] = [];
  let groupBytes = 0;
  const flush = () => {
    if (group.length === 0) return;
    const xorb = Buffer.alloc(groupBytes + 8 * group.length);
    const table: StoredChunk[] = [];
    let off = 0;
    for (const { chunk, bytes } of group) {
      // Chunk header (spec §5.4): version 0, compressed length, scheme 0 (None), unpacked length.
      xorb.writeUInt8(0, off);
      xorb.writeUIntLE(chunk.length, off + 1, 3);
      xorb.writeUInt8(0, off + 4);
      xorb.writeUIntLE(chunk.length, off + 5, 3);
      bytes.copy(xorb, off + 8);
      table.push({ offset: off, compressedLength: chunk.length, unpackedLength: chunk.length, scheme: 0, hash: chunk.hash });
      off += 8 + chunk.length;
    }
    const hash = xorbHashOf(group.map((g) => g.chunk));
    putOwnXorb(ctx, hash, xorb, table);
    segments.push({ xorbHash: hash, chunkStart: 0, chunkEnd: group.length, unpackedBytes: groupBytes });
    group = [];
    groupBytes = 0;
  };
  // Bytes read but not yet cut into a chunk (the chunker carries at most one chunk, 128 KiB).
  let carry = Buffer.alloc(0);
  const take = (chunks: Chunk[]) => {
    let off = 0;
    for (const chunk of chunks) {
      if (groupBytes + chunk.length > XORB_BYTES) flush();
      group.push({ chunk, bytes: Buffer.from(carry.subarray(off, off + chunk.length)) });
      groupBytes += chunk.length;
      all.push(chunk);
      off += chunk.length;
    }
    carry = carry.subarray(off);
  };
  const block = Buffer.alloc(READ_BLOCK);
  let pos = 0;
  while (pos < st.size) {
    const n = readSync(fd, block, 0, Math.min(block.length, st.size - pos), pos);
    if (n === 0) break;
    const data = block.subarray(0, n);
    carry = carry.length ? Buffer.concat([carry, data]) : Buffer.from(data);
    take(nextBlock(chunker, data));
    pos += n;
  }
  const tail = finalize(chunker);
  if (tail) take([tail]);
  const after = fstatSync(fd);
  if (pos !== st.size || after.size !== st.size || after.mtimeMs !== st.mtimeMs || carry.length !== 0) return null;
  if (fileHashOf(all) !== expected) return null;
  flush();
  const file: XetFile = { hash: expected, size: st.size, segments };
  registerXetFile(ctx, file);
  return file;
}

/**
 * Makes `xetHash` downloadable from the CAS when it is the hash of a file a job wrote into one of
 * `buckets` (found through the entry cache the listings fill), building its xorbs on the first call.
 * Cheap when the hash is already registered. `path` narrows the search to one file (the resolve route).
 * @returns the registered file, or null when no file of those buckets currently holds these bytes
 */
export function xetFileFromBucket(ctx: HubContext, xetHash: string, buckets: Bucket[], path?: string): XetFile | null {
  const known = getXetFile(ctx, xetHash);
  if (known || xetHash === ZERO_HASH) return known;
  ensureBucketSchema(ctx.db);
  for (const bucket of buckets) {
    const rows = (path === undefined
      ? ctx.db.prepare(`SELECT path, size, mtime_ms FROM bucket_entries WHERE bucket_id = ? AND xet_hash = ?`).all(bucket.id, xetHash)
      : ctx.db.prepare(`SELECT path, size, mtime_ms FROM bucket_entries WHERE bucket_id = ? AND xet_hash = ? AND path = ?`).all(bucket.id, xetHash, path)
    ) as { path: string; size: number; mtime_ms: number }[];
    const root = bucketFilesDir(ctx, bucket);
    for (const row of rows) {
      try {
        validateBucketPath(row.path);
      } catch {
        continue;
      }
      const opened = openContained(root, row.path);
      if (!opened) continue;
      try {
        if (opened.st.size !== row.size || opened.st.mtimeMs !== row.mtime_ms) continue;
        const file = indexOpenFile(ctx, opened.fd, opened.st, xetHash);
        if (file) {
          // The bucket holds these bytes: its xet tokens may read them (issue 9, item 4), even after a rename.
          grantXetFile(ctx, file.hash, bucket.id);
          return file;
        }
      } finally {
        closeSync(opened.fd);
      }
    }
  }
  return null;
}

/**
 * True when some file of `bucket` was last seen with `xetHash` (entry cache of the listings and of
 * batch writes; the clients always list or paths-info a source before copying from it).
 */
export function hashInBucket(ctx: HubContext, bucket: Bucket, xetHash: string): boolean {
  ensureBucketSchema(ctx.db);
  if (xetHash === ZERO_HASH) return true;
  return Boolean(ctx.db.prepare(`SELECT 1 FROM bucket_entries WHERE bucket_id = ? AND xet_hash = ? LIMIT 1`).get(bucket.id, xetHash));
}
