import type { HubContext } from "../context";
import { getBucket, openBucketFolder } from "../store/buckets";
import { closeDir, type DirHandle } from "../store/contained-path";
import type { JobSpec } from "../store/jobs";
import { openRepoVolume } from "./repo-volumes";
import { adoptTree } from "./sandbox-host";
import type { SandboxMount } from "./sandbox-args";
import { reservedMountProblem } from "./validate-job-spec";

/** A host folder bound into the sandbox from a handle the Hub opened (`--bind-fd`). */
export type OpenMount = SandboxMount & { dir: DirHandle };

/**
 * Opens the folders of a job's volumes for the sandbox (specs/hub-jobs-api.md §7.1 `volumes`): bucket
 * folders, and model/dataset/Space volumes as read-only per-commit trees (runner/repo-volumes.ts); each
 * folder opened without following a link (store/contained-path.ts), so bwrap binds that very folder
 * whatever happens to the path; a read-write one is handed to the job's host user.
 * @param p.sandboxed bubblewrap is available (volumes cannot be mounted without it)
 * @param p.hostUser the unprivileged host user running bwrap, or null (sandboxes start from root)
 * @param p.createdBy the account that created the job: a repo volume must still be readable by it
 * @returns one open mount per volume, in spec order; the caller closes them ({@link closeMounts})
 * @throws Error with the user-facing reason (no bwrap, a reserved mount path, a bucket deleted since the
 *   job was created, a repo or revision gone or no longer readable by `createdBy`); nothing stays open then
 */
export function openJobVolumes(
  ctx: HubContext, spec: JobSpec,
  p: { sandboxed: boolean; hostUser: { uid: number; gid: number } | null; createdBy: string },
): OpenMount[] {
  const { sandboxed, hostUser } = p;
  if (spec.volumes.length && !sandboxed) {
    throw new Error("Volumes need bubblewrap (bwrap) on the local Hub's machine to be mounted; install it (apt-get install bubblewrap) or run the job without volumes");
  }
  const mounts: OpenMount[] = [];
  try {
    for (const v of spec.volumes) {
      const reservedProblem = reservedMountProblem(v.mountPath);
      if (reservedProblem) throw new Error(`Volume ${reservedProblem}`);
      // Models, datasets and Spaces: a per-commit read-only tree, checked again for `createdBy` (runner/repo-volumes.ts).
      if (v.type !== "bucket") {
        mounts.push(openRepoVolume(ctx, v, p.createdBy));
        continue;
      }
      if (!getBucket(ctx, v.source)) throw new Error(`Bucket ${v.source} (volume at ${v.mountPath}) does not exist anymore`);
      const readOnly = v.readOnly === true;
      // Opened without following a link; bwrap binds this very folder (--bind-fd), whatever happens to the path.
      const dir = openBucketFolder(ctx, v.source, v.path ?? "", hostUser);
      mounts.push({ hostPath: dir.path, mountPath: v.mountPath, readOnly, dir });
      // The job's uid 1000 is the host user that starts bwrap: uid 61000, or the Hub's own user when
      // sandboxes start from root (fallback). Bucket routes hand files to uid 61000 whether or not the
      // fallback was taken, so the volume goes to whichever user the job really is.
      if (!readOnly) adoptTree(dir, hostUser ?? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
    }
  } catch (err) {
    closeMounts(mounts);
    throw err;
  }
  return mounts;
}

/** Closes the folders of open mounts (a launch that will not be spawned, or a finished job). */
export function closeMounts(mounts: readonly OpenMount[]): void {
  for (const m of mounts) closeDir(m.dir);
}
