import type { HardwareView } from "@/lib/jobs/api-answers";
import type { JobView } from "@/lib/jobs/view";

/** `42s`, `3m 05s`, `2h 07m`, `3d 4h`; `—` for null. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** `0 B`, `12.3 KB`, `4.0 MB` (powers of 1000, like the Hub's pages). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1000) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/**
 * A date-time with its zone, the one helper every time shown in the app goes through (issue 13: no
 * time without its zone): in the viewer's zone by default, e.g. `Nov 29, 16:06:25 GMT+1`, or in
 * `timeZone` (`UTC` → `Nov 29, 15:06:25 UTC`); empty input → `—`.
 */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZoneName: "short", ...(timeZone ? { timeZone } : {}) });
}

/** `5 min ago`, `in 3 h`; relative to `now` (ms). */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const diff = Math.round((t - now) / 1000);
  const abs = Math.abs(diff);
  const [n, unit] = abs < 60 ? [abs, "s"] : abs < 3600 ? [Math.round(abs / 60), "min"] : abs < 86_400 ? [Math.round(abs / 3600), "h"] : [Math.round(abs / 86_400), "d"];
  if (abs < 5) return "just now";
  return diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/**
 * Seconds the job has been running, for the cost: the Hub's `durations.runningSecs` when present
 * (server-computed, §7.1), else `finishedAt|now − startedAt`; 0 before it starts.
 */
export function runningSeconds(job: JobView, now: number = Date.now()): number {
  if (job.durations?.runningSecs != null) return job.durations.runningSecs;
  if (!job.startedAt) return 0;
  const end = job.finishedAt ? new Date(job.finishedAt).getTime() : now;
  return Math.max(0, (end - new Date(job.startedAt).getTime()) / 1000);
}

/** Total wall time: `durations.totalSecs`, else `finishedAt|now − createdAt`. */
export function totalSeconds(job: JobView, now: number = Date.now()): number | null {
  if (job.durations?.totalSecs != null) return job.durations.totalSecs;
  if (!job.createdAt) return null;
  const end = job.finishedAt ? new Date(job.finishedAt).getTime() : now;
  return Math.max(0, (end - new Date(job.createdAt).getTime()) / 1000);
}

const SECONDS_PER_UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

/** Cost so far in USD = running time × flavor price (price per `unitLabel`, §7.9); null if unknown. */
export function costSoFar(job: JobView, hardware: readonly HardwareView[] | undefined, now: number = Date.now()): number | null {
  const hw = hardware?.find((h) => h.name === job.flavor);
  if (!hw) return null;
  const perUnit = SECONDS_PER_UNIT[hw.unitLabel.toLowerCase()];
  if (!perUnit) return null;
  return (runningSeconds(job, now) / perUnit) * hw.unitCostUSD;
}

/** `$0.0042`, `$1.20`, `free`. */
export function formatUSD(amount: number | null): string {
  if (amount === null) return "—";
  if (amount === 0) return "free";
  if (amount >= 0.01) return `$${amount.toFixed(2)}`;
  return `$${amount.toPrecision(2)}`;
}
