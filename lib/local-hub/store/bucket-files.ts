import {
  closeSync, existsSync, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, unlinkSync, utimesSync,
  writeSync, type Stats,
} from "node:fs";
import { join } from "node:path";
import { createChunker, finalize, nextBlock, type Chunk } from "@huggingface/xetchunk-wasm";
import type { HubContext } from "../context";
import { isoNow } from "../ids";
import { fileHashOf, ZERO_HASH } from "../xet/hash";
import { type Bucket, bucketFilesDir, bucketRootDir, ensureBucketSchema } from "./buckets";
import {
  childPath, closeDir, ContainmentError, type DirHandle, listDir, lstatOrNull, openChildDir, openDirBeneath, openFileBeneath, openRoot,
  MAX_DEPTH, walkTree, withParent,
} from "./contained-path";
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

function rootOf(ctx: HubContext, bucket: Bucket): string {
  return bucketFilesDir(ctx, bucket);
}

/** Runs `fn`, answering `fallback` when the path goes through (or is) a symlink or a file on the way. */
function contained<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ContainmentError) return fallback;
    throw err;
  }
}

/**
 * Computes a file's xetHash the way the client would (content-defined chunking with xetchunk-wasm,
 * spec §5.2-§5.3), from a snapshot: the first `st.size` bytes (what an appending job had written at
 * stat time); `stable` is false when the file changed meanwhile, and then the caller must not cache the
 * result. The Xet data (xorbs) of such a file is built only when a client needs it (job-file-xet.ts).
 * @returns the hash, the number of bytes hashed, and whether the file stayed unchanged
 */
function indexFile(fd: number, st: Stats): { hash: string; size: number; stable: boolean } {
  if (st.size === 0) return { hash: ZERO_HASH, size: 0, stable: true };
  {
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
    const after = fstatSync(fd);
    const stable = pos === st.size && after.size === st.size && after.mtimeMs === st.mtimeMs;
    return { hash: fileHashOf(chunks), size: pos, stable };
  }
}

function entryFor(ctx: HubContext, bucket: Bucket, path: string, fd: number, st: Stats): FileEntry {
  const row = ctx.db
    .prepare(`SELECT xet_hash, size, mtime_ms, ino, ctime_ms, uploaded_at FROM bucket_entries WHERE bucket_id = ? AND path = ?`)
    .get(bucket.id, path) as EntryRow | undefined;
  const mtime = new Date(st.mtimeMs).toISOString();
  if (row && row.size === st.size && row.mtime_ms === st.mtimeMs && row.ino === st.ino && row.ctime_ms === st.ctimeMs) {
    return { type: "file", path, size: st.size, xetHash: row.xet_hash, mtime, uploadedAt: row.uploaded_at };
  }
  const indexed = indexFile(fd, st);
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
 * The entry of one file, or null when no regular file is at `path` (a folder, a symlink, a path through
 * a symlink, a FIFO or nothing: a job may plant any of them, and none is ever followed).
 * Its Xet data, for a xet-mode download, comes from job-file-xet.ts `xetFileFromBucket`.
 */
export function getFileEntry(ctx: HubContext, bucket: Bucket, path: string): FileEntry | null {
  ensureBucketSchema(ctx.db);
  const opened = contained(() => openFileBeneath(rootOf(ctx, bucket), path), null);
  if (!opened) return null;
  try {
    return entryFor(ctx, bucket, path, opened.fd, opened.st);
  } finally {
    closeSync(opened.fd);
  }
}

/** True when `path` ("" = root) is a folder of the bucket (a real directory, reached without a symlink). */
export function isFolder(ctx: HubContext, bucket: Bucket, path: string): boolean {
  const dir = contained(() => openDirBeneath(rootOf(ctx, bucket), path), null);
  if (!dir) return false;
  closeDir(dir);
  return true;
}

/**
 * Opens a bucket file for serving its bytes, without following symlinks (see {@link getFileEntry}).
 * @returns the fd (the caller closes it) and its stat, or null when no regular file is there
 */
export function openBucketFile(ctx: HubContext, bucket: Bucket, path: string): { fd: number; st: Stats } | null {
  return contained(() => openFileBeneath(rootOf(ctx, bucket), path), null);
}

/**
 * Lists under `prefix` (a folder path, "" = root; matches whole path components only). `recursive`
 * → every file below, files only; else the immediate children, files and directories. Sorted by path
 * (code-unit order). A prefix naming a file lists that file; a missing prefix lists nothing.
 * Symlinks and special files are skipped, and the walk never enters a symlinked folder (a job could
 * plant a link to a host path): a symlink is not a bucket file (README "The local Hub"). Folders nested
 * deeper than {@link MAX_DEPTH} levels are not listed.
 */
export function listEntries(ctx: HubContext, bucket: Bucket, prefix: string, recursive: boolean): (FileEntry | DirectoryEntry)[] {
  ensureBucketSchema(ctx.db);
  const root = rootOf(ctx, bucket);
  if (prefix) {
    const file = getFileEntry(ctx, bucket, prefix);
    if (file) return [file];
  }
  const base = contained(() => openDirBeneath(root, prefix), null);
  if (!base) return [];
  const out: (FileEntry | DirectoryEntry)[] = [];
  const walk = (dir: DirHandle, depth: number) => {
    if (depth >= MAX_DEPTH) return;
    for (const name of listDir(dir)) {
      const childRel = dir.rel ? `${dir.rel}/${name}` : name;
      const cst = lstatOrNull(childPath(dir, name));
      if (!cst) continue;
      if (cst.isDirectory()) {
        if (!recursive) {
          out.push({ type: "directory", path: childRel, uploadedAt: new Date(cst.mtimeMs).toISOString() });
          continue;
        }
        const sub = contained(() => openChildDir(dir, name), null);
        if (!sub) continue;
        try {
          walk(sub, depth + 1);
        } finally {
          closeDir(sub);
        }
      } else if (cst.isFile()) {
        const opened = contained(() => openFileBeneath(dir.path, name), null);
        if (!opened) continue;
        try {
          out.push(entryFor(ctx, bucket, childRel, opened.fd, opened.st));
        } finally {
          closeSync(opened.fd);
        }
      }
    }
  };
  try {
    walk(base, 0);
  } finally {
    closeDir(base);
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

/** What stands at `path`: checked through the parents without following a symlink. */
function probe(ctx: HubContext, bucket: Bucket, path: string): { kind: "missing" | "file" | "folder" | "symlink" | "other" } | ContainmentError {
  try {
    return withParent(rootOf(ctx, bucket), path, (parent, name) => {
      const st = lstatOrNull(childPath(parent, name));
      if (!st) return { kind: "missing" as const };
      return { kind: st.isSymbolicLink() ? "symlink" as const : st.isDirectory() ? "folder" as const : st.isFile() ? "file" as const : "other" as const };
    }, { missing: { kind: "missing" as const } });
  } catch (err) {
    if (err instanceof ContainmentError) return err;
    throw err;
  }
}

/**
 * Checks that `path` can hold a file: no parent is a file or a symlink, and `path` itself is not a
 * folder, a symlink (a job's link is never replaced nor followed) or a special file.
 * @returns an error message, or null when fine
 */
export function pathConflict(ctx: HubContext, bucket: Bucket, path: string): string | null {
  const p = probe(ctx, bucket, path);
  if (p instanceof ContainmentError) {
    return p.kind === "symlink" ? `"${p.at}" is a symbolic link, so the local Hub will not write "${path}" through it` : `"${p.at}" is a file, so it cannot hold "${path}"`;
  }
  if (p.kind === "folder") return `"${path}" is a folder`;
  if (p.kind === "symlink") return `"${path}" is a symbolic link; the local Hub does not replace or follow links`;
  if (p.kind === "other") return `"${path}" is a special file (FIFO, socket or device)`;
  return null;
}

/**
 * Checks that `path` can be deleted as a file: a missing path is fine (idempotent deletes).
 * @returns an error message for a folder, a symlink, a special file or a path through a symlink; else null
 */
export function deleteConflict(ctx: HubContext, bucket: Bucket, path: string): string | null {
  const p = probe(ctx, bucket, path);
  if (p instanceof ContainmentError) {
    return p.kind === "symlink" ? `"${p.at}" is a symbolic link; the local Hub does not delete through links` : null;
  }
  if (p.kind === "folder") return `"${path}" is a folder, not a file`;
  if (p.kind === "symlink") return `"${path}" is a symbolic link, not a file; the local Hub does not touch links`;
  if (p.kind === "other") return `"${path}" is a special file, not a file`;
  return null;
}

/**
 * Writes the plain bytes of registered xet file `xetHash` at `path` (via a temp file in the bucket's
 * `tmp/`, then rename, so readers and jobs never see half a file), sets its mtime (ms epoch, default
 * now) and caches its xetHash. Missing folders are created by a walk that never follows a symlink, and
 * the rename targets the folder opened by that walk (`/proc/self/fd/N/name`), so a link a job swaps in
 * meanwhile cannot redirect the write. Folders and files are owned by `owner` when given (the
 * sandbox's host user, so jobs can write them).
 * @throws ContainmentError when a parent became a symlink or a file after {@link pathConflict} said fine
 */
export function materializeFile(ctx: HubContext, bucket: Bucket, params: { path: string; xetHash: string; mtimeMs?: number; owner?: { uid: number; gid: number } | null }): void {
  ensureBucketSchema(ctx.db);
  const file = getXetFile(ctx, params.xetHash);
  if (!file) throw new Error(`unknown xetHash ${params.xetHash}`);
  const tmpDir = join(bucketRootDir(ctx, bucket), "tmp");
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      writeXetFileTo(ctx, file, (bytes) => {
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      });
      if (params.owner) fchownSync(fd, params.owner.uid, params.owner.gid);
    } finally {
      closeSync(fd);
    }
    const seconds = (params.mtimeMs ?? Date.now()) / 1000;
    utimesSync(tmp, seconds, seconds);
    const st = withParent(rootOf(ctx, bucket), params.path, (parent, name) => {
      const target = childPath(parent, name);
      renameSync(tmp, target);
      return lstatSync(target);
    }, { create: true, owner: params.owner ?? null, missing: null });
    if (!st) throw new Error(`could not create the folders of ${params.path}`);
    ctx.db
      .prepare(`INSERT OR REPLACE INTO bucket_entries (bucket_id, path, xet_hash, size, mtime_ms, ino, ctime_ms, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(bucket.id, params.path, params.xetHash, st.size, st.mtimeMs, st.ino, st.ctimeMs, isoNow());
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/**
 * Deletes the file at `path` (missing is fine: deletes are idempotent, like S3). Empty folders are
 * kept on purpose: a running job may have one bind-mounted. Only a regular file reached without a
 * symlink is unlinked (see {@link deleteConflict}).
 * @returns an error message when `path` is not a deletable file, else null
 */
export function deleteFileAt(ctx: HubContext, bucket: Bucket, path: string): string | null {
  ensureBucketSchema(ctx.db);
  const conflict = deleteConflict(ctx, bucket, path);
  if (conflict) return conflict;
  contained(() => withParent(rootOf(ctx, bucket), path, (parent, name) => {
    const target = childPath(parent, name);
    if (lstatOrNull(target)?.isFile()) unlinkSync(target);
  }, { missing: undefined }), undefined);
  ctx.db.prepare(`DELETE FROM bucket_entries WHERE bucket_id = ? AND path = ?`).run(bucket.id, path);
  return null;
}

/** Total bytes and file count of a bucket (for the info endpoint). Does not compute hashes or follow symlinks. */
export function bucketUsage(ctx: HubContext, bucket: Bucket): { size: number; totalFiles: number } {
  let size = 0;
  let totalFiles = 0;
  let root: DirHandle;
  try {
    root = openRoot(rootOf(ctx, bucket));
  } catch {
    return { size, totalFiles };
  }
  walkTree(root, (_dir, _name, st) => {
    if (st.isFile()) {
      size += st.size;
      totalFiles += 1;
    }
  });
  closeDir(root);
  return { size, totalFiles };
}
