import { totalmem } from "node:os";
import { flavorResources, HARDWARE_FLAVORS } from "./hardware-flavors";

/**
 * Per-job resource limits (issue 9, item 3). How each is enforced (README "Job limits"):
 * - `memoryBytes`: memory cgroup (`memory.limit_in_bytes`; swap too when accounted); without cgroup
 *   write access, `RLIMIT_AS` per process (address space, a weaker bound).
 * - `processes`: pids cgroup (`pids.max`); without it `RLIMIT_NPROC` (counted per host user).
 * - `openFiles`: `RLIMIT_NOFILE` per process (set by the job's first `sh`, see job-cgroup.ts).
 * - `tmpBytes`: size of the `/tmp` tmpfs (its pages also count as memory).
 * - `diskBytes`: growth of the job's writable folders (`/workspace` and read-write volumes), measured
 *   every second by the Hub (allocated blocks, symlinks not followed) and `RLIMIT_FSIZE` per file.
 * - `diskEntries`: files and folders the job may add there (an inode filler).
 * - `logBytes`: bytes of log lines stored; later output is dropped with one notice.
 */
export interface JobLimits {
  memoryBytes: number;
  processes: number;
  openFiles: number;
  tmpBytes: number;
  diskBytes: number;
  diskEntries: number;
  logBytes: number;
}

/** Limits that do not come from the flavor table (the Hub publishes none; chosen for this machine class). */
export const FIXED_LIMITS = { processes: 4096, openFiles: 65536, diskEntries: 1_000_000, logBytes: 100 * 2 ** 20 } as const;

const GIB = 2 ** 30;
const GB = 1e9;

/**
 * The limits of a job of `flavor`: memory = the flavor's RAM (GiB, as the job's `MEMORY` variable says)
 * but at most this machine's RAM; disk = the flavor's ephemeral storage; `/tmp` = a quarter of the
 * memory limit (a tmpfs lives in RAM); the rest from {@link FIXED_LIMITS}. Each is lowered to the
 * operator's cap in `caps` when that is smaller.
 */
export function jobLimitsFor(flavor: string, caps: Partial<JobLimits> = {}): JobLimits {
  const r = flavorResources(flavor);
  const hw = HARDWARE_FLAVORS.find((h) => h.name === flavor);
  const storageGb = hw ? Number.parseFloat(hw.ephemeralStorage) : 50;
  const memoryBytes = Math.min((r?.ramGb ?? 16) * GIB, totalmem());
  const base: JobLimits = {
    memoryBytes,
    processes: FIXED_LIMITS.processes,
    openFiles: FIXED_LIMITS.openFiles,
    tmpBytes: Math.floor(memoryBytes / 4),
    diskBytes: storageGb * GB,
    diskEntries: FIXED_LIMITS.diskEntries,
    logBytes: FIXED_LIMITS.logBytes,
  };
  const out = { ...base };
  for (const key of Object.keys(base) as (keyof JobLimits)[]) {
    const cap = caps[key];
    if (typeof cap === "number" && Number.isFinite(cap) && cap > 0) out[key] = Math.min(base[key], Math.floor(cap));
  }
  if (caps.memoryBytes && !caps.tmpBytes) out.tmpBytes = Math.min(out.tmpBytes, Math.floor(out.memoryBytes / 4));
  return out;
}

/** Human form of a byte count for messages: `16 GiB`, `256 MiB`, `512 KiB`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [["GiB", GIB], ["MiB", 2 ** 20], ["KiB", 1024]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(n % size === 0 ? 0 : 1))} ${unit}`;
  }
  return `${n} bytes`;
}
