import type { HubContext } from "../context";
import { parseShard } from "../xet/shard";
import { type Repo, getRepoById, putBlob, recordRepoXetSha256, repoXetHashFor } from "./repos";
import { getXetFile, issueXetToken, putShard, writeXetFileTo, xetFileInBucket } from "./xet";

/**
 * Xet uploads into git repos (huggingface_hub ≥ 1.0 with hf_xet uploads every LFS-mode file this way,
 * `_commit_api.py` `_upload_files`). The CAS is the buckets' one; a xet token issued for a repo carries
 * the scope `repo:{repo id}` where a bucket token carries the bucket's name, and files of a shard
 * uploaded with it are granted to that scope, so a hash alone reads or commits nothing.
 */

const SCOPE_PREFIX = "repo:";

/** The CAS grant scope of a repo. */
export function repoXetScope(repo: Repo): string {
  return `${SCOPE_PREFIX}${repo.id}`;
}

/** The repo a xet token was issued for, or null when it is a bucket token (or the repo is gone). */
export function repoOfXetScope(ctx: HubContext, scope: string): Repo | null {
  return scope.startsWith(SCOPE_PREFIX) ? getRepoById(ctx, scope.slice(SCOPE_PREFIX.length)) : null;
}

/** True when `scope` is a repo scope (whether or not the repo still exists). */
export function isRepoXetScope(scope: string): boolean {
  return scope.startsWith(SCOPE_PREFIX);
}

/** Mints a xet token for a repo (`GET /api/{type}s/{id}/xet-{mode}-token/{rev}`). `exp` is unix seconds. */
export function issueRepoXetToken(ctx: HubContext, repo: Repo, mode: "read" | "write"): { accessToken: string; exp: number } {
  return issueXetToken(ctx, repoXetScope(repo), mode);
}

/**
 * Registers a shard uploaded with a repo's xet token (strict checks of store/xet.ts `putShard`), and
 * notes each file's announced sha256 (metadata extension) so a later `lfsFile` commit line can find it.
 * @throws XetFormatError
 */
export function putRepoShard(ctx: HubContext, repo: Repo, bytes: Uint8Array): { result: 0 | 1 } {
  const out = putShard(ctx, bytes, { bucketId: repoXetScope(repo) });
  for (const f of parseShard(bytes).files) {
    if (f.sha256) recordRepoXetSha256(ctx, repo, f.sha256, f.fileHash);
  }
  return out;
}

/**
 * Makes sure the blob with this sha256 and size is this repo's through Xet: rebuilt from the xet file a
 * shard of this repo announced for it, hashed, and kept only when it matches (the caller checks LFS PUTs
 * and earlier commits with `repoHasBlob` first).
 * @returns true when the blob is there afterwards
 */
export async function ensureRepoBlob(ctx: HubContext, repo: Repo, sha256: string, size: number): Promise<boolean> {
  // Rebuilt and hashed even when a blob with this sha256 is already stored (another repo's): the shard's
  // sha256 is only a claim, and trusting it would hand that repo's content to whoever made the claim.
  const xetHash = repoXetHashFor(ctx, repo, sha256);
  if (!xetHash || !xetFileInBucket(ctx, xetHash, repoXetScope(repo))) return false;
  const file = getXetFile(ctx, xetHash);
  if (!file || file.size !== size) return false;
  await putBlob(ctx, (write) => writeXetFileTo(ctx, file, write), { sha256, size });
  return true;
}
