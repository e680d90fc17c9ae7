import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { repoScopeAllows, type Caller } from "../auth";
import type { HubContext } from "../context";
import { ContainmentError, type DirHandle, openDirBeneath } from "../store/contained-path";
import type { JobVolume } from "../store/jobs";
import { type Repo, type RepoCommit, type RepoType, blobPath, canReadRepo, getRepo, resolveRevision } from "../store/repos";
import type { SandboxMount } from "./sandbox-args";

/**
 * Model, dataset and Space volumes of a job (specs/hub-jobs-api.md §5: `readOnly` is forced for repos;
 * `revision` defaults to `main`; `path` mounts a sub-folder). A commit's files are immutable, so each
 * commit is materialised once as a read-only tree `{dir}/repo-trees/{commit sha}/` (files hard-linked
 * from the blob store, mode 0444) shared by every job that mounts it; the job gets a `--ro-bind-fd` of
 * the folder opened without following a link.
 */

/** A repo volume ready for the sandbox: the open folder and where it goes. */
export type OpenRepoMount = SandboxMount & { dir: DirHandle };

const isRepoType = (t: string): t is RepoType => t === "model" || t === "dataset" || t === "space";

/** Folders of a commit: every proper prefix of a file path ("" not included). */
function foldersOf(commit: RepoCommit): Set<string> {
  const out = new Set<string>();
  for (const f of commit.files) {
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join("/"));
  }
  return out;
}

/**
 * The job-spec rule for a model/dataset/space volume, as a 400 reason naming the field, or null: it is
 * read-only (an explicit `readOnly: false` is refused), the repo exists and `caller` may read it, the
 * revision names a branch or commit of it, and `path` is a folder of that commit.
 */
export function repoVolumeProblem(ctx: HubContext, caller: Caller | null, volume: JobVolume, field: string): string | null {
  if (!isRepoType(volume.type)) return `${field}.type ${volume.type} is not a repo type`;
  if (volume.readOnly === false) {
    return `${field}.readOnly: ${volume.type} volumes are always read-only; omit readOnly or set it to true (only bucket volumes can be written)`;
  }
  const repo = getRepo(ctx, volume.type, volume.source);
  if (!repo || !canReadRepo(caller, repo)) return `${field}.source: ${volume.type} "${volume.source}" does not exist or you don't have access to it`;
  // A private repo reaches a job of an OAuth token only with a repo scope (auth.ts repoScopeAllows).
  if (repo.private && !repoScopeAllows(caller, "read")) {
    return `${field}.source: ${volume.type} "${volume.source}" is private and this OAuth token was not granted the scope to read repos (needs read-repos, write-repos or manage-repos)`;
  }
  const commit = resolveRevision(ctx, repo, volume.revision ?? "main");
  if (!commit) return `${field}.revision "${volume.revision ?? "main"}" is not a branch or commit of ${volume.type} ${repo.fullName}`;
  if (volume.path && !foldersOf(commit).has(volume.path)) {
    return `${field}.path "${volume.path}" is not a folder of ${volume.type} ${repo.fullName} at ${commit.sha.slice(0, 12)}`;
  }
  return null;
}

/** True when the account `userName` may read `repo` (public, or a member of its namespace). */
function userCanRead(ctx: HubContext, userName: string, repo: Repo): boolean {
  if (!repo.private) return true;
  return userName === repo.namespace || ctx.identity.orgsOf(userName).some((o) => o.name === repo.namespace);
}

/** `{dir}/repo-trees/{sha}`, built once per commit from the blob store (never from anything a job wrote). */
function materialise(ctx: HubContext, commit: RepoCommit): string {
  const root = join(ctx.dir, "repo-trees");
  const target = join(root, commit.sha);
  if (existsSync(target)) return target;
  const tmp = join(root, `.tmp-${commit.sha}-${randomBytes(6).toString("hex")}`);
  mkdirSync(tmp, { recursive: true, mode: 0o755 });
  try {
    for (const d of [...foldersOf(commit)].sort()) mkdirSync(join(tmp, d), { mode: 0o755 });
    for (const f of commit.files) {
      const to = join(tmp, f.path);
      try {
        linkSync(blobPath(ctx, f.sha256), to);
      } catch {
        copyFileSync(blobPath(ctx, f.sha256), to); // another filesystem, or hard links refused
      }
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(target)) return target;
    throw err;
  }
  return target;
}

/**
 * Opens a model/dataset/space volume for the job created by `userName`: checks again that the repo
 * exists and that this user may read it (it may have turned private or been deleted since the job was
 * created), resolves the revision, materialises the commit and opens `path` inside it.
 * @throws Error with the user-facing reason
 */
export function openRepoVolume(ctx: HubContext, volume: JobVolume, userName: string): OpenRepoMount {
  if (!isRepoType(volume.type)) throw new Error(`Volume at ${volume.mountPath}: ${volume.type} is not a repo type`);
  const repo = getRepo(ctx, volume.type, volume.source);
  if (!repo || !userCanRead(ctx, userName, repo)) {
    throw new Error(`The ${volume.type} ${volume.source} (volume at ${volume.mountPath}) does not exist or ${userName} cannot read it`);
  }
  const revision = volume.revision ?? "main";
  const commit = resolveRevision(ctx, repo, revision);
  if (!commit) throw new Error(`The ${volume.type} ${repo.fullName} has no revision ${revision} (volume at ${volume.mountPath})`);
  const tree = materialise(ctx, commit);
  let dir: DirHandle | null;
  try {
    dir = openDirBeneath(tree, volume.path ?? "");
  } catch (err) {
    if (err instanceof ContainmentError) throw new Error(`Volume at ${volume.mountPath}: path ${volume.path ?? ""} is not a folder of ${repo.fullName} at ${commit.sha.slice(0, 12)}`);
    throw err;
  }
  if (!dir) throw new Error(`Volume at ${volume.mountPath}: ${repo.fullName} at ${commit.sha.slice(0, 12)} has no folder ${volume.path ?? ""}`);
  return { hostPath: dir.path, mountPath: volume.mountPath, readOnly: true, dir };
}

/** Removes every materialised tree, for `/__test/reset` (mounted ones stay usable: their fds are open). */
export function wipeRepoTrees(ctx: HubContext): void {
  rmSync(join(ctx.dir, "repo-trees"), { recursive: true, force: true });
}
