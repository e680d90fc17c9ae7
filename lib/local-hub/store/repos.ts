import { createHash, randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Caller } from "../auth";
import { canWrite, isMemberOf, repoScopeAllows, requireRepoScope } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import { isoNow, newObjectId } from "../ids";
import { validateBucketPath } from "./buckets";
import type { Db } from "./db";

/**
 * Git-style repositories of the local Hub (models, datasets, Spaces): metadata, commits and refs in
 * SQLite (`repos`, `repo_commits`, `repo_refs`), file contents once each under
 * `{dir}/repo-blobs/{aa}/{sha256}` (mode 0444, never rewritten). A commit stores its whole file list
 * (path → size, git blob oid, sha256, lfs flag): commits are immutable, so any revision is one row.
 * There is no git object store; oids are computed the way git and the Hub compute them
 * (blob oid = sha1("blob {size}\0" + bytes), of the LFS pointer for LFS files), so clients that compare
 * them see the same values as on the Hub.
 */

/** The repo types the local Hub hosts (`kernel` is not one). */
export const REPO_TYPES = ["model", "dataset", "space"] as const;
/** A repo type. */
export type RepoType = (typeof REPO_TYPES)[number];

/** One repo, as stored. */
export interface Repo {
  /** 24-hex object id */
  id: string;
  type: RepoType;
  namespace: string;
  name: string;
  /** `ns/name` */
  fullName: string;
  private: boolean;
  /** Space SDK (`static`, `gradio`, `docker`…), null for models and datasets */
  sdk: string | null;
  /** ISO-8601 UTC with ms */
  createdAt: string;
}

/** A file of a commit. */
export interface RepoFile {
  path: string;
  /** bytes of the content (not of the LFS pointer) */
  size: number;
  /** git blob oid (40 hex): of the content, or of the LFS pointer when `lfs` */
  oid: string;
  /** sha256 of the content (64 hex): the blob's name on disk, and the LFS oid */
  sha256: string;
  lfs: boolean;
}

/** A commit: its parent, message and the full file list, sorted by path. */
export interface RepoCommit {
  /** 40 hex */
  sha: string;
  repoId: string;
  parent: string | null;
  title: string;
  description: string;
  author: string;
  createdAt: string;
  files: RepoFile[];
}

interface RepoRow { id: string; type: string; namespace: string; name: string; private: number; sdk: string | null; created_at: string }
interface CommitRow { sha: string; repo_id: string; parent: string | null; title: string; description: string; author: string; created_at: string; files: string }

const toRepo = (r: RepoRow): Repo => ({
  id: r.id, type: r.type as RepoType, namespace: r.namespace, name: r.name, fullName: `${r.namespace}/${r.name}`,
  private: r.private === 1, sdk: r.sdk, createdAt: r.created_at,
});
const toCommit = (r: CommitRow): RepoCommit => ({
  sha: r.sha, repoId: r.repo_id, parent: r.parent, title: r.title, description: r.description, author: r.author,
  createdAt: r.created_at, files: JSON.parse(r.files) as RepoFile[],
});

const schemaReady = new WeakSet<Db>();

function ensureRepoSchema(db: Db): void {
  if (schemaReady.has(db)) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS repos (
      type TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL UNIQUE, private INTEGER NOT NULL,
      sdk TEXT, created_at TEXT NOT NULL, PRIMARY KEY (type, namespace, name));
    CREATE TABLE IF NOT EXISTS repo_commits (
      sha TEXT PRIMARY KEY, repo_id TEXT NOT NULL, parent TEXT, title TEXT NOT NULL, description TEXT NOT NULL,
      author TEXT NOT NULL, created_at TEXT NOT NULL, files TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS repo_refs (repo_id TEXT NOT NULL, ref TEXT NOT NULL, sha TEXT NOT NULL, PRIMARY KEY (repo_id, ref));
    CREATE TABLE IF NOT EXISTS repo_blobs (repo_id TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (repo_id, sha256));
    CREATE TABLE IF NOT EXISTS repo_xet_sha256 (repo_id TEXT NOT NULL, sha256 TEXT NOT NULL, xet_hash TEXT NOT NULL, PRIMARY KEY (repo_id, sha256));
  `);
  schemaReady.add(db);
}

/** Repo names: what the Hub accepts (letters, digits, `-_.`, ≤ 96 chars, no `..`, not ending in `.`). */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** Cap on the files of one commit (the local Hub's choice; keeps one commit row bounded). */
export const MAX_REPO_FILES = 100_000;

/**
 * Splits `"ns/name"`.
 * @throws HubError 400 naming `field` when it is not two valid name segments
 */
export function parseRepoId(repoId: string, field = "repo id"): { namespace: string; name: string } {
  const parts = repoId.split("/");
  if (parts.length !== 2 || !NAME_RE.test(parts[0]) || !NAME_RE.test(parts[1]) || parts[1].endsWith(".") || parts[1].includes("..")) {
    throw hubError(400, `Invalid ${field} "${repoId}": expected "namespace/name" (letters, digits, "-", "_", ".", at most 96 characters)`);
  }
  return { namespace: parts[0], name: parts[1] };
}

/** The URL prefix of a type in the Hub's web and resolve URLs: "" for models, `datasets/`, `spaces/`. */
export function repoUrlPrefix(type: RepoType): string {
  return type === "model" ? "" : `${type}s/`;
}

/** A repo, or null. */
export function getRepo(ctx: HubContext, type: RepoType, repoId: string): Repo | null {
  ensureRepoSchema(ctx.db);
  const [namespace, name] = repoId.split("/");
  const row = ctx.db.prepare(`SELECT * FROM repos WHERE type = ? AND namespace = ? AND name = ?`).get(type, namespace, name ?? "") as RepoRow | undefined;
  return row ? toRepo(row) : null;
}

/** True when the caller may read the repo: public, or a member of its namespace. */
export function canReadRepo(caller: Caller | null, repo: Repo): boolean {
  return !repo.private || isMemberOf(caller, repo.namespace);
}

/**
 * The repo, checked for `mode`. Private repos do not exist for non-members (404 `RepoNotFound`, as the
 * Hub answers, or 401 for anonymous callers); write needs a write token of a member.
 * @throws HubError 401, 403, 404
 */
export function requireRepo(ctx: HubContext, caller: Caller | null, type: RepoType, repoId: string, mode: "read" | "write"): Repo {
  const repo = getRepo(ctx, type, repoId);
  const label = type === "model" ? "Repository" : `${type[0].toUpperCase()}${type.slice(1)}`;
  if (!repo || !canReadRepo(caller, repo)) {
    if (!caller) throw hubError(401, `${label} Not Found for url: ${repoId}. Invalid username or password.`, "RepoNotFound");
    throw hubError(404, `${label} Not Found: ${repoId}`, "RepoNotFound");
  }
  // OAuth tokens act only within their repo scopes (auth.ts repoScopeAllows); public reads need none.
  if (mode === "write") requireRepoScope(caller, "write");
  else if (repo.private) requireRepoScope(caller, "read");
  if (mode === "write" && !canWrite(caller, repo.namespace)) {
    throw hubError(403, `You don't have write access to ${type} ${repo.fullName}${caller?.token.role === "read" ? " (your token is read-only)" : ""}`);
  }
  return repo;
}

/** The repos of a namespace (or all) the caller can see, sorted by name. */
export function listRepos(ctx: HubContext, params: { type: RepoType; author?: string; search?: string; caller: Caller | null }): Repo[] {
  ensureRepoSchema(ctx.db);
  const rows = (params.author
    ? ctx.db.prepare(`SELECT * FROM repos WHERE type = ? AND namespace = ? ORDER BY namespace, name`).all(params.type, params.author)
    : ctx.db.prepare(`SELECT * FROM repos WHERE type = ? ORDER BY namespace, name`).all(params.type)) as RepoRow[];
  const search = params.search?.toLowerCase();
  // A private repo is listed only to a token that may read it (an OAuth token: a repo scope).
  return rows.map(toRepo).filter((r) => canReadRepo(params.caller, r) && (!r.private || repoScopeAllows(params.caller, "read")) && (!search || r.fullName.toLowerCase().includes(search)));
}

/** `{dir}/repo-blobs/{aa}/{sha256}`. */
export function blobPath(ctx: HubContext, sha256: string): string {
  return join(ctx.dir, "repo-blobs", sha256.slice(0, 2), sha256);
}

/** True when the blob with this sha256 is stored. */
export function hasBlob(ctx: HubContext, sha256: string): boolean {
  return /^[0-9a-f]{64}$/.test(sha256) && existsSync(blobPath(ctx, sha256));
}

/**
 * Writes bytes to the blob store through `fill` (which calls `write` any number of times), hashing them
 * as they go; the blob is renamed into place only when complete and, when `expect` is given, only when
 * its sha256 and size match (never trust a client's hash).
 * @returns the sha256 (64 hex) and size in bytes
 * @throws HubError 400 when the content does not match `expect`
 */
export async function putBlob(
  ctx: HubContext,
  fill: (write: (bytes: Uint8Array) => void) => void | Promise<void>,
  expect?: { sha256: string; size: number },
): Promise<{ sha256: string; size: number }> {
  const dir = join(ctx.dir, "repo-blobs", "tmp");
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, randomBytes(12).toString("hex"));
  const hash = createHash("sha256");
  let size = 0;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    await fill((bytes) => {
      hash.update(bytes);
      size += bytes.length;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    });
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  const sha256 = hash.digest("hex");
  if (expect && (expect.sha256 !== sha256 || expect.size !== size)) {
    rmSync(tmp, { force: true });
    throw hubError(400, `The uploaded content has sha256 ${sha256} and ${size} bytes, not the announced ${expect.sha256} and ${expect.size} bytes`);
  }
  const target = blobPath(ctx, sha256);
  mkdirSync(join(target, ".."), { recursive: true });
  chmodSync(tmp, 0o444);
  renameSync(tmp, target);
  return { sha256, size };
}

/**
 * Lets `repo` use the blob `sha256` (uploaded for it, or committed to it). A sha256 alone is no
 * capability: an LFS commit line naming another repo's blob is refused (no cross-repo reads by hash).
 */
export function grantRepoBlob(ctx: HubContext, repo: Repo, sha256: string): void {
  ensureRepoSchema(ctx.db);
  ctx.db.prepare(`INSERT OR IGNORE INTO repo_blobs (repo_id, sha256) VALUES (?, ?)`).run(repo.id, sha256);
}

/** True when `repo` may use the stored blob `sha256` (see {@link grantRepoBlob}). */
export function repoHasBlob(ctx: HubContext, repo: Repo, sha256: string): boolean {
  ensureRepoSchema(ctx.db);
  return hasBlob(ctx, sha256) && Boolean(ctx.db.prepare(`SELECT 1 FROM repo_blobs WHERE repo_id = ? AND sha256 = ?`).get(repo.id, sha256));
}

/** The git blob oid of `bytes` (sha1 of `blob {n}\0` + bytes). */
export function gitBlobOid(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The Git LFS pointer text of a content with this sha256 and size (git-lfs spec v1). */
export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** A {@link RepoFile} of an LFS file (oid of its pointer). */
export function lfsFileEntry(path: string, sha256: string, size: number): RepoFile {
  return { path, size, sha256, oid: gitBlobOid(Buffer.from(lfsPointer(sha256, size))), lfs: true };
}

/** The `.gitattributes` the Hub puts in a new model or dataset repo (its usual LFS patterns, abridged). */
const INITIAL_GITATTRIBUTES = [
  "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.gz", "*.h5", "*.joblib", "*.model", "*.msgpack", "*.npy", "*.npz",
  "*.onnx", "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt", "*.pth", "*.safetensors", "*.tar", "*.tflite", "*.zip", "*.zst",
].map((p) => `${p} filter=lfs diff=lfs merge=lfs -text`).join("\n") + "\n";

/**
 * Creates a repo with its first commit (`.gitattributes`, as the Hub does) on `main`.
 * @returns the repo, or null when one of this type and id exists (→ 409)
 * @throws HubError 400 on an invalid id
 */
export async function createRepo(
  ctx: HubContext,
  params: { type: RepoType; repoId: string; private: boolean; sdk: string | null; author: string },
): Promise<Repo | null> {
  ensureRepoSchema(ctx.db);
  const { namespace, name } = parseRepoId(params.repoId, "repo name");
  if (getRepo(ctx, params.type, params.repoId)) return null;
  const bytes = Buffer.from(INITIAL_GITATTRIBUTES);
  const blob = await putBlob(ctx, (write) => write(bytes));
  const repo: Repo = {
    id: newObjectId(), type: params.type, namespace, name, fullName: params.repoId, private: params.private, sdk: params.sdk,
    createdAt: isoNow(),
  };
  const inserted = ctx.db.transaction(() => {
    if (getRepo(ctx, params.type, params.repoId)) return false;
    ctx.db.prepare(`INSERT INTO repos (type, namespace, name, id, private, sdk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(repo.type, namespace, name, repo.id, repo.private ? 1 : 0, repo.sdk, repo.createdAt);
    grantRepoBlob(ctx, repo, blob.sha256);
    writeCommit(ctx, repo, null, {
      title: "initial commit", description: "", author: params.author,
      files: [{ path: ".gitattributes", size: bytes.length, oid: gitBlobOid(bytes), sha256: blob.sha256, lfs: false }],
    });
    return true;
  })();
  return inserted ? repo : null;
}

function writeCommit(ctx: HubContext, repo: Repo, parent: string | null, c: Pick<RepoCommit, "title" | "description" | "author" | "files">): RepoCommit {
  const createdAt = isoNow();
  const files = [...c.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sha = createHash("sha1").update(JSON.stringify([repo.id, parent, c.title, createdAt, files, randomBytes(8).toString("hex")])).digest("hex");
  ctx.db.prepare(`INSERT INTO repo_commits (sha, repo_id, parent, title, description, author, created_at, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(sha, repo.id, parent, c.title, c.description, c.author, createdAt, JSON.stringify(files));
  ctx.db.prepare(`INSERT OR REPLACE INTO repo_refs (repo_id, ref, sha) VALUES (?, 'main', ?)`).run(repo.id, sha);
  return { sha, repoId: repo.id, parent, title: c.title, description: c.description, author: c.author, createdAt, files };
}

/** Deletes a repo, its commits and refs (blobs stay: they may be shared, and are immutable). */
export function deleteRepo(ctx: HubContext, repo: Repo): void {
  ensureRepoSchema(ctx.db);
  ctx.db.transaction(() => {
    ctx.db.prepare(`DELETE FROM repos WHERE id = ?`).run(repo.id);
    ctx.db.prepare(`DELETE FROM repo_commits WHERE repo_id = ?`).run(repo.id);
    ctx.db.prepare(`DELETE FROM repo_refs WHERE repo_id = ?`).run(repo.id);
    ctx.db.prepare(`DELETE FROM repo_xet_sha256 WHERE repo_id = ?`).run(repo.id);
    ctx.db.prepare(`DELETE FROM repo_blobs WHERE repo_id = ?`).run(repo.id);
  })();
}

/** Sets a repo's visibility. */
export function setRepoPrivate(ctx: HubContext, repo: Repo, isPrivate: boolean): Repo {
  ensureRepoSchema(ctx.db);
  ctx.db.prepare(`UPDATE repos SET private = ? WHERE id = ?`).run(isPrivate ? 1 : 0, repo.id);
  return { ...repo, private: isPrivate };
}

/** The branch names of a repo (`main` at least). */
export function repoBranches(ctx: HubContext, repo: Repo): { ref: string; sha: string }[] {
  ensureRepoSchema(ctx.db);
  return ctx.db.prepare(`SELECT ref, sha FROM repo_refs WHERE repo_id = ? ORDER BY ref`).all(repo.id) as { ref: string; sha: string }[];
}

/**
 * The commit a revision names: a branch (`main`), or a full 40-hex commit sha of this repo
 * (`refs/heads/main` and `HEAD` are accepted for `main`).
 * @returns the commit, or null when the revision is unknown
 */
export function resolveRevision(ctx: HubContext, repo: Repo, revision: string): RepoCommit | null {
  ensureRepoSchema(ctx.db);
  // `HEAD` is the default branch (@huggingface/hub modelInfo asks for /revision/HEAD).
  const ref = revision === "HEAD" ? "main" : revision.startsWith("refs/heads/") ? revision.slice("refs/heads/".length) : revision;
  const head = ctx.db.prepare(`SELECT sha FROM repo_refs WHERE repo_id = ? AND ref = ?`).get(repo.id, ref) as { sha: string } | undefined;
  const sha = head?.sha ?? (/^[0-9a-f]{40}$/.test(revision) ? revision : null);
  if (!sha) return null;
  const row = ctx.db.prepare(`SELECT * FROM repo_commits WHERE sha = ? AND repo_id = ?`).get(sha, repo.id) as CommitRow | undefined;
  return row ? toCommit(row) : null;
}

/**
 * The sha and date of the head commit of `main`, without reading its file list (a listing shows only
 * these; parsing every repo's full file list per anonymous request was unbounded work, pentest).
 * @returns `{ sha: 40 hex, createdAt: ISO-8601 }`, or null when the repo has no head
 */
export function headSummary(ctx: HubContext, repo: Repo): { sha: string; createdAt: string } | null {
  ensureRepoSchema(ctx.db);
  const row = ctx.db.prepare(`SELECT c.sha AS sha, c.created_at AS createdAt FROM repo_refs r JOIN repo_commits c ON c.sha = r.sha AND c.repo_id = r.repo_id WHERE r.repo_id = ? AND r.ref = 'main'`)
    .get(repo.id) as { sha: string; createdAt: string } | undefined;
  return row ?? null;
}

/**
 * The commit a revision names, or 404 `RevisionNotFound` as the Hub answers.
 * @throws HubError 404
 */
export function requireRevision(ctx: HubContext, repo: Repo, revision: string): RepoCommit {
  const commit = resolveRevision(ctx, repo, revision);
  if (!commit) throw hubError(404, `Invalid rev id: ${revision}`, "RevisionNotFound");
  return commit;
}

/** The commits reachable from `head`, newest first (at most `max`). */
export function commitHistory(ctx: HubContext, repo: Repo, head: RepoCommit, max: number): RepoCommit[] {
  const out: RepoCommit[] = [head];
  let parent = head.parent;
  while (parent && out.length < max) {
    const row = ctx.db.prepare(`SELECT * FROM repo_commits WHERE sha = ? AND repo_id = ?`).get(parent, repo.id) as CommitRow | undefined;
    if (!row) break;
    const c = toCommit(row);
    out.push(c);
    parent = c.parent;
  }
  return out;
}

/** One operation of a commit, after its content is in the blob store. */
export type RepoOperation =
  | { op: "add"; file: RepoFile }
  | { op: "delete"; path: string }
  | { op: "deleteFolder"; path: string };

/**
 * Applies operations on top of branch `main` as one new commit, all or nothing. A path must not be both a
 * file and a folder afterwards; deleting a missing file is a 404 `EntryNotFound` (as on the Hub).
 * `parentCommit`, when given, must be the branch head (409 otherwise, the Hub's optimistic lock).
 * @throws HubError 400 (bad path, file/folder clash, too many files), 404, 409
 */
export function commitOperations(
  ctx: HubContext,
  repo: Repo,
  params: { branch: string; title: string; description: string; author: string; parentCommit?: string; operations: RepoOperation[] },
): RepoCommit {
  ensureRepoSchema(ctx.db);
  return ctx.db.transaction(() => {
    if (params.branch !== "main") throw hubError(400, `The local Hub has one branch per repo, "main"; cannot commit to "${params.branch}"`);
    const head = requireRevision(ctx, repo, "main");
    if (params.parentCommit && params.parentCommit !== head.sha) {
      throw hubError(412, `A commit has happened since. Please refresh and try again. (parentCommit ${params.parentCommit} is not the head ${head.sha} of main)`);
    }
    const files = new Map(head.files.map((f) => [f.path, f]));
    for (const op of params.operations) {
      if (op.op === "add") {
        validateBucketPath(op.file.path, { field: "path" });
        files.set(op.file.path, op.file);
      } else if (op.op === "delete") {
        if (!files.delete(op.path)) throw hubError(404, `File not found: ${op.path} (deletedFile)`, "EntryNotFound");
      } else {
        const prefix = op.path.replace(/\/+$/, "") + "/";
        let n = 0;
        for (const p of [...files.keys()]) {
          if (!p.startsWith(prefix)) continue;
          files.delete(p);
          n += 1;
        }
        if (n === 0) throw hubError(404, `Folder not found: ${op.path} (deletedFolder)`, "EntryNotFound");
      }
    }
    if (files.size > MAX_REPO_FILES) throw hubError(400, `A commit of the local Hub holds at most ${MAX_REPO_FILES} files`);
    for (const p of files.keys()) {
      const parts = p.split("/");
      for (let i = 1; i < parts.length; i++) {
        const folder = parts.slice(0, i).join("/");
        if (files.has(folder)) throw hubError(400, `Path ${p} needs a folder ${folder}, which is a file in this commit`);
      }
    }
    return writeCommit(ctx, repo, head.sha, { title: params.title, description: params.description, author: params.author, files: [...files.values()] });
  })();
}

/**
 * Records that xet file `xetHash` (uploaded by a xet token of `repo`) has content sha256 `sha256`, as
 * the shard's metadata extension says. Only a hint: the commit rebuilds the content and checks it.
 */
export function recordRepoXetSha256(ctx: HubContext, repo: Repo, sha256: string, xetHash: string): void {
  ensureRepoSchema(ctx.db);
  ctx.db.prepare(`INSERT OR REPLACE INTO repo_xet_sha256 (repo_id, sha256, xet_hash) VALUES (?, ?, ?)`).run(repo.id, sha256, xetHash);
}

/** The xet hash a shard of `repo` announced for this sha256, or null. */
export function repoXetHashFor(ctx: HubContext, repo: Repo, sha256: string): string | null {
  ensureRepoSchema(ctx.db);
  const row = ctx.db.prepare(`SELECT xet_hash FROM repo_xet_sha256 WHERE repo_id = ? AND sha256 = ?`).get(repo.id, sha256) as { xet_hash: string } | undefined;
  return row?.xet_hash ?? null;
}

/** A repo by its 24-hex id, or null. */
export function getRepoById(ctx: HubContext, id: string): Repo | null {
  ensureRepoSchema(ctx.db);
  const row = ctx.db.prepare(`SELECT * FROM repos WHERE id = ?`).get(id) as RepoRow | undefined;
  return row ? toRepo(row) : null;
}

/** Wipes every repo (metadata, blobs, materialised trees), for `/__test/reset`. */
export function wipeRepos(ctx: HubContext): void {
  ensureRepoSchema(ctx.db);
  ctx.db.exec(`DELETE FROM repos; DELETE FROM repo_commits; DELETE FROM repo_refs; DELETE FROM repo_xet_sha256; DELETE FROM repo_blobs;`);
  rmSync(join(ctx.dir, "repo-blobs"), { recursive: true, force: true });
}
