import {
  closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync,
  utimesSync, writeSync, type Stats,
} from "node:fs";
import { join, sep } from "node:path";
import { createChunker, finalize, nextBlock, type Chunk } from "@huggingface/xetchunk-wasm";
import type { HubContext } from "../context";
import { isoNow } from "../ids";
import { fileHashOf, ZERO_HASH } from "../xet/hash";
import { type Bucket, bucketFilesDir, bucketRootDir, ensureBucketSchema } from "./buckets";
import { getXetFile, writeXetFileTo } from "./xet";

/**
 * Files of a bucket. The directory tree `{dir}/buckets/{ns}/{name}/files` is the truth for which files
 * exist, their size and mtime; SQLite (`bucket_entries`) caches each file's xetHash keyed by
 * (size, mtimeMs, inode, ctimeMs), so a file a job wrote straight into the tree gets a xetHash (and xorbs) on first use.
 */

/** A file entry as the tree and paths-info endpoints return it (spec §3.3). */
export interface FileEntry {
  type: "file";
  path: string;
  /** bytes */
  size: number;
  xetHash: string;
  /** ISO-8601: the file's mtime on disk */
  mtime: string;
  /** ISO-8601: when it was added through the API (or first seen on disk) */
  uploadedAt: string;
}

/** A directory entry (non-recursive listings only, spec §3.3). */
export interface DirectoryEntry {
  type: "directory";
  path: string;
  uploadedAt: string;
}

interface EntryRow { xet_hash: string; size: number; mtime_ms: number; ino: number; ctime_ms: number; uploaded_at: string }

function diskPath(ctx: HubContext, bucket: Bucket, path: string): string {
  return path ? join(bucketFilesDir(ctx, bucket), ...path.split("/")) : bucketFilesDir(ctx, bucket);
}

/** True when `abs` resolves (following symlinks) inside the bucket's files folder: a job may plant symlinks. */
function insideBucket(ctx: HubContext, bucket: Bucket, abs: string): boolean {
  try {
    const root = realpathSync(bucketFilesDir(ctx, bucket));
    const real = realpathSync(abs);
    return real === root || real.startsWith(root + sep);
  } catch {
    return false;
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/**
 * Computes a file's xetHash the way the client would (content-defined chunking with xetchunk-wasm,
 * spec §5.2-§5.3), from a snapshot: the first `st.size` bytes (what an appending job had written at
 * stat time); `stable` is false when the file changed meanwhile, and then the caller must not cache the
 * result. The Xet data (xorbs) of such a file is built only when a client needs it (job-file-xet.ts).
 * @returns the hash, the number of bytes hashed, and whether the file stayed unchanged
 */
function indexFile(abs: string, st: Stats): { hash: string; size: number; stable: boolean } {
  if (st.size === 0) return { hash: ZERO_HASH, size: 0, stable: true };
  const fd = openSync(abs, "r");
  try {
    const chunker = createChunker();
    const chunks: Chunk[] = [];
    const block = Buffer.alloc(8 * 1024 * 1024);
    let pos = 0;
    while (pos < st.size) {
      const n = readSync(fd, block, 0, block.length, pos);
      if (n === 0) break;
      chunks.push(...nextBlock(chunker, block.subarray(0, n)));
      pos += n;
    }
    const tail = finalize(chunker);
    if (tail) chunks.push(tail);
    const after = statSync(abs, { throwIfNoEntry: false });
    const stable = pos === st.size && after?.size === st.size && after.mtimeMs === st.mtimeMs;
    return { hash: fileHashOf(chunks), size: pos, stable };
  } finally {
    closeSync(fd);
  }
}

function entryFor(ctx: HubContext, bucket: Bucket, path: string, abs: string, st: Stats): FileEntry {
  const row = ctx.db
    .prepare(`SELECT xet_hash, size, mtime_ms, ino, ctime_ms, uploaded_at FROM bucket_entries WHERE bucket_id = ? AND path = ?`)
    .get(bucket.id, path) as EntryRow | undefined;
  const mtime = new Date(st.mtimeMs).toISOString();
  if (row && row.size === st.size && row.mtime_ms === st.mtimeMs && row.ino === st.ino && row.ctime_ms === st.ctimeMs) {
    return { type: "file", path, size: st.size, xetHash: row.xet_hash, mtime, uploadedAt: row.uploaded_at };
  }
  const indexed = indexFile(abs, st);
  const xetHash = indexed.hash;
  const uploadedAt = row?.uploaded_at ?? isoNow(st.mtimeMs);
  // A file a job is still writing: list the snapshot, cache nothing (the next listing hashes again).
  if (!indexed.stable) return { type: "file", path, size: indexed.size, xetHash, mtime, uploadedAt };
  ctx.db
    .prepare(`INSERT OR REPLACE INTO bucket_entries (bucket_id, path, xet_hash, size, mtime_ms, ino, ctime_ms, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(bucket.id, path, xetHash, st.size, st.mtimeMs, st.ino, st.ctimeMs, uploadedAt);
  return { type: "file", path, size: st.size, xetHash, mtime, uploadedAt };
}

/**
 * The entry of one file, or null when no regular file is at `path` (a folder, a symlink or nothing).
 * Its Xet data, for a xet-mode download, comes from job-file-xet.ts `xetFileFromBucket`.
 */
export function getFileEntry(ctx: HubContext, bucket: Bucket, path: string): FileEntry | null {
  ensureBucketSchema(ctx.db);
  const abs = diskPath(ctx, bucket, path);
  const st = statOrNull(abs);
  if (!st || !st.isFile() || !insideBucket(ctx, bucket, abs)) return null;
  return entryFor(ctx, bucket, path, abs, st);
}

/** True when `path` ("" = root) is a folder of the bucket (a real directory inside its tree). */
export function isFolder(ctx: HubContext, bucket: Bucket, path: string): boolean {
  const abs = diskPath(ctx, bucket, path);
  return Boolean(statOrNull(abs)?.isDirectory()) && insideBucket(ctx, bucket, abs);
}

/** Absolute disk path of a bucket file (for serving bytes). */
export function fileOnDisk(ctx: HubContext, bucket: Bucket, path: string): string {
  return diskPath(ctx, bucket, path);
}

/**
 * Lists under `prefix` (a folder path, "" = root; matches whole path components only). `recursive`
 * → every file below, files only; else the immediate children, files and directories. Sorted by path
 * (code-unit order). A prefix naming a file lists that file; a missing prefix lists nothing.
 * Symlinks and special files are skipped (a job could plant a symlink to a host path).
 */
export function listEntries(ctx: HubContext, bucket: Bucket, prefix: string, recursive: boolean): (FileEntry | DirectoryEntry)[] {
  ensureBucketSchema(ctx.db);
  const base = diskPath(ctx, bucket, prefix);
  const st = statOrNull(base);
  if (!st || !insideBucket(ctx, bucket, base)) return [];
  if (st.isFile()) return prefix ? [entryFor(ctx, bucket, prefix, base, st)] : [];
  if (!st.isDirectory()) return [];
  const out: (FileEntry | DirectoryEntry)[] = [];
  const walk = (rel: string, abs: string) => {
    for (const name of readdirSync(abs)) {
      const childRel = rel ? `${rel}/${name}` : name;
      const childAbs = join(abs, name);
      const cst = statOrNull(childAbs);
      if (!cst) continue;
      if (cst.isDirectory()) {
        if (recursive) walk(childRel, childAbs);
        else out.push({ type: "directory", path: childRel, uploadedAt: new Date(cst.mtimeMs).toISOString() });
      } else if (cst.isFile()) {
        out.push(entryFor(ctx, bucket, childRel, childAbs, cst));
      }
    }
  };
  walk(prefix, base);
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

/**
 * Checks that `path` can hold a file: no parent is a file and `path` itself is not a folder.
 * @returns an error message, or null when fine
 */
export function pathConflict(ctx: HubContext, bucket: Bucket, path: string): string | null {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const st = statOrNull(diskPath(ctx, bucket, parts.slice(0, i).join("/")));
    if (st && !st.isDirectory()) return `"${parts.slice(0, i).join("/")}" is a file, so it cannot hold "${path}"`;
  }
  const st = statOrNull(diskPath(ctx, bucket, path));
  if (st && st.isDirectory()) return `"${path}" is a folder`;
  return null;
}

/**
 * Writes the plain bytes of registered xet file `xetHash` at `path` (via a temp file in the bucket's
 * `tmp/`, then rename, so readers and jobs never see half a file), sets its mtime (ms epoch, default
 * now) and caches its xetHash.
 * @throws HubError 422-style messages are the caller's job: it checks hash and path first
 */
export function materializeFile(ctx: HubContext, bucket: Bucket, params: { path: string; xetHash: string; mtimeMs?: number; sourceOnDisk?: string }): void {
  ensureBucketSchema(ctx.db);
  const file = getXetFile(ctx, params.xetHash);
  if (!file) throw new Error(`unknown xetHash ${params.xetHash}`);
  const tmpDir = join(bucketRootDir(ctx, bucket), "tmp");
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  try {
    if (params.sourceOnDisk) {
      copyFileSync(params.sourceOnDisk, tmp);
    } else {
      const fd = openSync(tmp, "w");
      try {
        writeXetFileTo(ctx, file, (bytes) => {
          let done = 0;
          while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        });
      } finally {
        closeSync(fd);
      }
    }
    const seconds = (params.mtimeMs ?? Date.now()) / 1000;
    utimesSync(tmp, seconds, seconds);
    const target = diskPath(ctx, bucket, params.path);
    mkdirSync(join(target, ".."), { recursive: true });
    renameSync(tmp, target);
    const st = statSync(target);
    ctx.db
      .prepare(`INSERT OR REPLACE INTO bucket_entries (bucket_id, path, xet_hash, size, mtime_ms, ino, ctime_ms, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(bucket.id, params.path, params.xetHash, st.size, st.mtimeMs, st.ino, st.ctimeMs, isoNow());
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/**
 * Deletes the file at `path` (missing is fine: deletes are idempotent, like S3). Empty folders are
 * kept on purpose: a running job may have one bind-mounted.
 * @returns an error message when `path` is a folder, else null
 */
export function deleteFileAt(ctx: HubContext, bucket: Bucket, path: string): string | null {
  ensureBucketSchema(ctx.db);
  const abs = diskPath(ctx, bucket, path);
  const st = statOrNull(abs);
  if (st?.isDirectory()) return `"${path}" is a folder, not a file`;
  if (st) rmSync(abs, { force: true });
  ctx.db.prepare(`DELETE FROM bucket_entries WHERE bucket_id = ? AND path = ?`).run(bucket.id, path);
  return null;
}

/** Total bytes and file count of a bucket (for the info endpoint). Does not compute hashes. */
export function bucketUsage(ctx: HubContext, bucket: Bucket): { size: number; totalFiles: number } {
  let size = 0;
  let totalFiles = 0;
  const walk = (abs: string) => {
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of names) {
      const st = statOrNull(join(abs, name));
      if (st?.isDirectory()) walk(join(abs, name));
      else if (st?.isFile()) {
        size += st.size;
        totalFiles += 1;
      }
    }
  };
  walk(bucketFilesDir(ctx, bucket));
  return { size, totalFiles };
}
