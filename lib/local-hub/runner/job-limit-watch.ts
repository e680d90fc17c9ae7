import { type DirHandle, MAX_DEPTH } from "../store/contained-path";
import type { JobRecord } from "../store/jobs";
import type { JobCgroup } from "./job-cgroup";
import { formatBytes, type JobLimits } from "./job-limits";
import { SANDBOX_WORKDIR } from "./sandbox-args";
import { measureDirs } from "./sandbox-host";

/** Period of the limits watcher (cgroup events, disk growth), ms. */
export const WATCH_MS = 1000;

/** The writable folders whose growth counts against `limits.diskBytes`, and their size at start. */
export interface DiskWatch {
  dirs: DirHandle[];
  baseBytes: number;
  baseEntries: number;
  /** `Date.now()` before which no new walk is made (a walk of a big volume costs) */
  nextWalkAt: number;
}

/** What the watcher reads of a running job. */
export interface WatchedJob {
  job: JobRecord;
  limits: JobLimits;
  cgroup: JobCgroup | null;
  disk: DiskWatch;
}

/**
 * Measures the writable folders of a job before it starts: the base its growth is counted from.
 * Links are not followed (sandbox-host.ts measureDirs).
 */
export function diskWatch(dirs: DirHandle[]): DiskWatch {
  const base = measureDirs(dirs, Number.POSITIVE_INFINITY);
  return { dirs, baseBytes: base.bytes, baseEntries: base.entries, nextWalkAt: 0 };
}

/**
 * The limit a job went over, as the message its ERROR shows, or null. Memory and processes from the
 * cgroup counters; disk from a walk of its writable folders (allocated blocks, links not followed).
 * `final`: the job already ended (a file-size or fork failure may be why).
 * @throws Error from the walk (EMFILE, a vanished folder…); the caller decides what that means
 */
export function overLimit(run: WatchedJob, final = false): string | null {
  const { limits, cgroup } = run;
  if (cgroup && cgroup.oomKills() > 0) {
    return `Job ran out of memory: it used more than its ${formatBytes(limits.memoryBytes)} memory limit (the ${run.job.spec.flavor} flavor's RAM)`;
  }
  if (cgroup && cgroup.pidsMaxHits() > 0) {
    return `Job reached its limit of ${limits.processes} processes (pids): stopped`;
  }
  // A walk of a big read-write volume costs: between two walks, wait at least 10× the last one took.
  const now = Date.now();
  if (!final && now < run.disk.nextWalkAt) return null;
  const used = measureDirs(run.disk.dirs, run.disk.baseEntries + limits.diskEntries + 1);
  run.disk.nextWalkAt = Date.now() + (Date.now() - now) * 10;
  if (used.tooDeep) return `Job nested folders more than ${MAX_DEPTH} levels deep in /data or ${SANDBOX_WORKDIR} (disk limit): stopped`;
  if (used.entries - run.disk.baseEntries > limits.diskEntries) {
    return `Job created more than ${limits.diskEntries} files and folders in /data and ${SANDBOX_WORKDIR} (disk entries limit): stopped`;
  }
  const grown = used.bytes - run.disk.baseBytes;
  if (grown > limits.diskBytes || (final && grown >= limits.diskBytes * 0.99)) {
    return `Job wrote more than its ${formatBytes(limits.diskBytes)} disk limit to /data and ${SANDBOX_WORKDIR} (the ${run.job.spec.flavor} flavor's ephemeral storage): stopped`;
  }
  return null;
}
