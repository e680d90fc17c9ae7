import { chownSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Caller } from "../auth";
import { canWrite, isMemberOf, repoScopeAllows, requireRepoScope } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import { isoNow, newObjectId } from "../ids";
import { closeDir, ContainmentError, type DirHandle, openChildDir, openDirBeneath, removeTreeBeneath } from "./contained-path";
import type { Db } from "./db";

/**
 * Storage Buckets of the local Hub: metadata in SQLite (`buckets` table), contents as a real directory
 * tree on disk at `{dir}/buckets/{ns}/{name}/files/<path>`, so that a job's bind mount of a sub-folder
 * at `/data` reads inputs and writes outputs straight into the bucket (DESIGN.md "Main flows").
 * Sibling folder `{dir}/buckets/{ns}/{name}/tmp` holds half-written uploads (never visible in listings).
 */

/** One bucket, as stored. */
export interface Bucket {
  /** 24-hex object id */
  id: string;
  namespace: string;
  name: string;
  /** `ns/name` */
  fullName: string;
  private: boolean;
  /** ISO-8601 UTC with ms */
  createdAt: string;
}

interface BucketRow { id: string; namespace: string; name: string; private: number; created_at: string }

const toBucket = (r: BucketRow): Bucket => ({
  id: r.id, namespace: r.namespace, name: r.name, fullName: `${r.namespace}/${r.name}`, private: r.private === 1,
  createdAt: r.created_at,
});

const schemaReady = new WeakSet<Db>();

/** Creates the bucket tables if missing (idempotent, cheap after the first call per handle). */
export function ensureBucketSchema(db: Db): void {
  if (schemaReady.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS buckets (
      namespace TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, private INTEGER NOT NULL,
      created_at TEXT NOT NULL, PRIMARY KEY (namespace, name));
    CREATE TABLE IF NOT EXISTS bucket_entries (
      bucket_id TEXT NOT NULL, path TEXT NOT NULL, xet_hash TEXT NOT NULL, size INTEGER NOT NULL,
      mtime_ms REAL NOT NULL, uploaded_at TEXT NOT NULL, PRIMARY KEY (bucket_id, path));
    CREATE INDEX IF NOT EXISTS bucket_entries_hash ON bucket_entries (bucket_id, xet_hash);
  `);
  // Entry cache key is (size, mtime, inode, ctime): a job can replace a file by one of the same size and
  // mtime (`cp -p`, `touch -r`), but not keep its inode and ctime. Added to older stores in place.
  const columns = new Set((db.prepare(`PRAGMA table_info(bucket_entries)`).all() as { name: string }[]).map((c) => c.name));
  if (!columns.has("ino")) db.exec(`ALTER TABLE bucket_entries ADD COLUMN ino INTEGER NOT NULL DEFAULT -1`);
  if (!columns.has("ctime_ms")) db.exec(`ALTER TABLE bucket_entries ADD COLUMN ctime_ms REAL NOT NULL DEFAULT -1`);
  schemaReady.add(db);
}

/** Namespace and bucket names: what the Hub accepts for repo names (letters, digits, `-_.`, ≤ 96 chars). */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/**
 * Splits `"ns/name"` into its parts.
 * @throws HubError 400 when it is not exactly two valid name segments
 */
export function parseBucketId(bucketId: string): { namespace: string; name: string } {
  const parts = bucketId.split("/");
  if (parts.length !== 2 || !NAME_RE.test(parts[0]) || !NAME_RE.test(parts[1]) || parts[1].endsWith(".") || parts[1].includes("..")) {
    throw hubError(400, `Invalid bucket id "${bucketId}": expected "namespace/name" (letters, digits, "-", "_", ".")`);
  }
  return { namespace: parts[0], name: parts[1] };
}

/**
 * Checks a path inside a bucket (already percent-decoded): `a/b c/ä.txt`. The empty string means the
 * bucket root and is allowed only when `allowRoot`. Rejected (400, naming the path): a leading `/`,
 * a backslash, NUL, empty segments (`a//b`, trailing `/`), `.` or `..` segments, more than 1024 bytes.
 * Returns the path unchanged.
 * @throws HubError 400
 */
export function validateBucketPath(path: string, options: { allowRoot?: boolean; field?: string } = {}): string {
  const field = options.field ?? "path";
  const bad = (why: string) => hubError(400, `Invalid ${field} "${path.replace(/\0/g, "\\0")}": ${why}`);
  if (path === "") {
    if (options.allowRoot) return path;
    throw bad("must not be empty");
  }
  if (path.includes("\0")) throw bad("must not contain NUL");
  if (path.includes("\\")) throw bad("must not contain a backslash");
  if (path.startsWith("/")) throw bad("must not start with /");
  if (Buffer.byteLength(path) > 1024) throw bad("longer than 1024 bytes");
  for (const seg of path.split("/")) {
    if (seg === "") throw bad("must not contain empty segments");
    if (seg === "." || seg === "..") throw bad(`must not contain "${seg}" segments`);
  }
  return path;
}

/** `{dir}/buckets/{ns}/{name}`: the bucket's own folder (holds `files/` and `tmp/`). */
export function bucketRootDir(ctx: HubContext, bucket: Pick<Bucket, "namespace" | "name">): string {
  return join(ctx.dir, "buckets", bucket.namespace, bucket.name);
}

/** `{dir}/buckets/{ns}/{name}/files`: the bucket's contents, one real file per bucket file. */
export function bucketFilesDir(ctx: HubContext, bucket: Pick<Bucket, "namespace" | "name">): string {
  return join(bucketRootDir(ctx, bucket), "files");
}

/**
 * The bucket `"ns/name"`, or null when it does not exist. Does no access check: pair it with
 * {@link canReadBucket} / {@link canWriteBucket}.
 * @throws HubError 400 when `bucketId` is not `ns/name`
 */
export function getBucket(ctx: HubContext, bucketId: string): Bucket | null {
  ensureBucketSchema(ctx.db);
  const { namespace, name } = parseBucketId(bucketId);
  const row = ctx.db.prepare(`SELECT * FROM buckets WHERE namespace = ? AND name = ?`).get(namespace, name) as BucketRow | undefined;
  return row ? toBucket(row) : null;
}

/** True when `caller` may read the bucket: public buckets are readable by anyone, private ones by namespace members. */
export function canReadBucket(caller: Caller | null, bucket: Bucket): boolean {
  return !bucket.private || isMemberOf(caller, bucket.namespace);
}

/** True when `caller` may write to the bucket: a namespace member with a non-read token. */
export function canWriteBucket(caller: Caller | null, bucket: Bucket): boolean {
  return canWrite(caller, bucket.namespace);
}

/**
 * Looks a bucket up for a caller, the way the Hub answers (specs/hub-buckets-xet.md §3.2-§3.3):
 * missing → 404 `RepoNotFound`; private and anonymous → 401; private and not a member → 404
 * `RepoNotFound` (the bucket stays invisible); `access: "write"` and no write right → 403.
 * @throws HubError 401 | 403 | 404
 */
export function requireBucket(ctx: HubContext, caller: Caller | null, bucketId: string, access: "read" | "write"): Bucket {
  const bucket = getBucket(ctx, bucketId);
  const notFound = () => hubError(404, `Bucket ${bucketId} not found`, "RepoNotFound");
  if (!bucket) {
    if (!caller) throw hubError(401, `Bucket ${bucketId} not found or you are not authenticated`, "RepoNotFound");
    throw notFound();
  }
  if (!canReadBucket(caller, bucket)) {
    if (!caller) throw hubError(401, `Bucket ${bucketId} not found or you are not authenticated`, "RepoNotFound");
    throw notFound();
  }
  if (access === "write" && !canWriteBucket(caller, bucket)) {
    if (!caller) throw hubError(401, "You must be authenticated to write to this bucket");
    throw hubError(403, `You don't have write access to bucket ${bucketId}`);
  }
  // An OAuth token acts only within its scopes, as on repos (store/repos.ts; a bucket is a repo type).
  if (access === "write") requireRepoScope(caller, "write");
  else if (bucket.private) requireRepoScope(caller, "read");
  return bucket;
}

/**
 * Opens (creating it and its parents if missing) a folder inside bucket `"ns/name"`, walking from the
 * bucket's `files/` without following any symlink (a job may have planted one, issue 9 item 2). This is
 * what the jobs runner bind-mounts at a bucket volume's `mountPath` (through the handle's
 * `/proc/self/fd/N`, so nothing can swap the folder between this check and the mount): files a job
 * writes there appear in the bucket's tree listings and download through `resolve`.
 * @param subPath a bucket path as in {@link validateBucketPath}; a trailing `/` is tolerated; `""` = root
 * @param owner owner of folders created on the way (the sandbox's host user), or null
 * @returns the open folder; the caller closes it ({@link closeDir})
 * @throws HubError 400 on a bad `bucketId` or `subPath`, or when a file or a symlink is in the way;
 *   HubError 404 `RepoNotFound` when the bucket does not exist
 */
export function openBucketFolder(ctx: HubContext, bucketId: string, subPath = "", owner: { uid: number; gid: number } | null = null): DirHandle {
  const bucket = getBucket(ctx, bucketId);
  if (!bucket) throw hubError(404, `Bucket ${bucketId} not found`, "RepoNotFound");
  const clean = subPath.replace(/\/+$/, "");
  validateBucketPath(clean, { allowRoot: true, field: "bucket path" });
  mkdirSync(bucketFilesDir(ctx, bucket), { recursive: true });
  try {
    const dir = openDirBeneath(bucketFilesDir(ctx, bucket), clean, { create: true, owner });
    if (!dir) throw hubError(400, `Invalid bucket path "${clean}": it could not be created`);
    return dir;
  } catch (err) {
    if (err instanceof ContainmentError) {
      throw hubError(400, `Invalid bucket path "${clean}": ${err.message}`);
    }
    throw err;
  }
}

/**
 * Why folder `subPath` of a bucket cannot be mounted, or null when it can (it exists as a real folder
 * reached without a symlink, or is missing and will be created). Checked at job creation.
 */
export function bucketFolderProblem(ctx: HubContext, bucket: Bucket, subPath: string): string | null {
  try {
    const parts = subPath ? subPath.split("/") : [];
    let dir = openDirBeneath(bucketFilesDir(ctx, bucket), "");
    for (const name of parts) {
      if (!dir) return null;
      const next = openChildDir(dir, name);
      closeDir(dir);
      dir = next;
    }
    if (dir) closeDir(dir);
    return null;
  } catch (err) {
    if (err instanceof ContainmentError) return err.message;
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * Absolute host path of a folder inside bucket `"ns/name"`, creating it (and parents) if missing,
 * through the same symlink-refusing walk as {@link openBucketFolder}. For tests and tools that need a
 * path; the runner mounts the open handle instead.
 * @throws HubError 400 | 404 as {@link openBucketFolder}
 */
export function bucketFolderOnDisk(ctx: HubContext, bucketId: string, subPath = ""): string {
  const dir = openBucketFolder(ctx, bucketId, subPath);
  closeDir(dir);
  const bucket = getBucket(ctx, bucketId);
  if (!bucket) throw hubError(404, `Bucket ${bucketId} not found`, "RepoNotFound");
  const clean = subPath.replace(/\/+$/, "");
  return clean ? join(bucketFilesDir(ctx, bucket), ...clean.split("/")) : bucketFilesDir(ctx, bucket);
}

/**
 * Creates a bucket and its `files/` folder. The route decides visibility (the local Hub makes new
 * buckets private unless the request asks for `public`).
 * @returns the new bucket, or null when it already exists (the route answers 409)
 * @throws HubError 400 on a bad id
 */
export function createBucket(ctx: HubContext, params: { bucketId: string; private: boolean; owner?: { uid: number; gid: number } | null }): Bucket | null {
  ensureBucketSchema(ctx.db);
  const { namespace, name } = parseBucketId(params.bucketId);
  const result = ctx.db
    .prepare(`INSERT OR IGNORE INTO buckets (namespace, name, id, private, created_at) VALUES (?, ?, ?, ?, ?)`)
    .run(namespace, name, newObjectId(), params.private ? 1 : 0, isoNow());
  if (result.changes === 0) return null;
  const bucket = getBucket(ctx, params.bucketId);
  if (!bucket) throw new Error("bucket vanished right after insert");
  mkdirSync(bucketFilesDir(ctx, bucket), { recursive: true });
  if (params.owner) chownSync(bucketFilesDir(ctx, bucket), params.owner.uid, params.owner.gid);
  return bucket;
}

/** Deletes a bucket: its row, its entry cache and its folder on disk. Returns false when it did not exist. */
export function deleteBucket(ctx: HubContext, bucketId: string): boolean {
  const bucket = getBucket(ctx, bucketId);
  if (!bucket) return false;
  ctx.db.transaction(() => {
    ctx.db.prepare(`DELETE FROM bucket_entries WHERE bucket_id = ?`).run(bucket.id);
    ctx.db.prepare(`DELETE FROM buckets WHERE id = ?`).run(bucket.id);
  })();
  // A running job may have a folder of it mounted and be planting links meanwhile: never follow one.
  removeTreeBeneath(bucketRootDir(ctx, bucket));
  return true;
}

/**
 * Buckets of a namespace visible to `caller` (private ones only to members), by name, optionally
 * filtered by a case-insensitive `search` substring of the name.
 */
export function listBuckets(ctx: HubContext, params: { namespace: string; caller: Caller | null; search?: string }): Bucket[] {
  ensureBucketSchema(ctx.db);
  const rows = ctx.db.prepare(`SELECT * FROM buckets WHERE namespace = ? ORDER BY name`).all(params.namespace) as BucketRow[];
  const search = params.search?.toLowerCase();
  return rows
    .map(toBucket)
    // A private bucket is listed only to a token that may read it (an OAuth token: a repo scope).
    .filter((b) => canReadBucket(params.caller, b) && (!b.private || repoScopeAllows(params.caller, "read")) && (!search || b.name.toLowerCase().includes(search)));
}

/** Sets a bucket's visibility (`PUT /api/buckets/{id}/settings`, specs/hub-jobs-2x.md "Buckets"). */
export function setBucketPrivate(ctx: HubContext, bucket: Bucket, isPrivate: boolean): Bucket {
  ctx.db.prepare(`UPDATE buckets SET private = ? WHERE id = ?`).run(isPrivate ? 1 : 0, bucket.id);
  return { ...bucket, private: isPrivate };
}

/**
 * Renames or transfers a bucket to `toId` (`POST /api/repos/move`, specs/hub-buckets-xet.md §3.2). The
 * bucket keeps its object id, so its cached entries stay valid; its folder is renamed on disk (a running
 * job's bind mount follows the folder, so its outputs land in the moved bucket).
 * @returns the moved bucket, or null when `toId` already exists (the route answers 409)
 * @throws HubError 400 when `toId` is not `ns/name`
 */
export function moveBucket(ctx: HubContext, bucket: Bucket, toId: string): Bucket | null {
  const { namespace, name } = parseBucketId(toId);
  if (getBucket(ctx, toId)) return null;
  const from = bucketRootDir(ctx, bucket);
  const to = bucketRootDir(ctx, { namespace, name });
  // A leftover folder at the target (no row): removed without following links a job may have left there.
  if (existsSync(to)) removeTreeBeneath(to);
  mkdirSync(join(to, ".."), { recursive: true });
  renameSync(from, to);
  try {
    ctx.db.prepare(`UPDATE buckets SET namespace = ?, name = ? WHERE id = ?`).run(namespace, name, bucket.id);
  } catch (err) {
    renameSync(to, from);
    throw err;
  }
  return { ...bucket, namespace, name, fullName: `${namespace}/${name}` };
}

/** Deletes every bucket and its files, for `/__test/reset`. */
export function wipeBuckets(ctx: HubContext): void {
  ensureBucketSchema(ctx.db);
  ctx.db.exec(`DELETE FROM buckets; DELETE FROM bucket_entries;`);
  removeTreeBeneath(join(ctx.dir, "buckets"));
}
