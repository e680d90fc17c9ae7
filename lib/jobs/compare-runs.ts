/**
 * Compare runs: what differs between two or more jobs — spec fields, input files (by content hash),
 * outputs (added / removed / changed by hash and size) — and their printed metrics overlaid.
 * The first run is the base every other run is compared with. Pure and client-safe.
 */
import { APP_LABELS } from "./constants";
import type { JobView } from "./view";
import type { MetricSeries, MetricXKind } from "./printed-metrics";

/** One file of a run's artifacts folder, path relative to the folder. */
export interface RunFile {
  path: string;
  /** bytes */
  size: number;
  /** the Hub's content hash (xet), null when the Hub did not give one */
  hash: string | null;
  /** input (stored before the job was created) or output (lib/jobs/file-origin.ts) */
  origin: "input" | "output" | null;
}

/** Most files listed per run for a comparison (GET /api/jobs/{ns}/{id}/files). */
export const MAX_RUN_FILES = 2000;

/** GET /api/jobs/{ns}/{id}/files answer. */
export interface RunFilesAnswer {
  /** the job's artifacts folder, or null when it has none (nothing to compare) */
  folder: string | null;
  files: RunFile[];
  /** more than {@link MAX_RUN_FILES} files: the list was cut */
  truncated: boolean;
}

/** One spec field across the runs. */
export interface SpecRow {
  field: string;
  /** one display value per run */
  values: string[];
  /** every run has the base's value */
  same: boolean;
}

/** A volume as text; the run's own artifacts folder is named as such, since every run has its own. */
const volumeText = (v: JobView["volumes"][number], j: JobView) =>
  `${v.type}:${v.source}${v.path ? `/${v.path === j.artifactsFolder ? "<this run's folder>" : v.path}` : ""} → ${v.mountPath}${v.readOnly ? " (ro)" : ""}`;

/** Spec fields that tell runs apart (image, command, flavor, env names, secret names, volumes, labels, timeout). */
export function specDiff(jobs: readonly JobView[]): SpecRow[] {
  const rows: [string, (j: JobView) => string][] = [
    ["Image", (j) => j.image || "—"],
    ["Command", (j) => [...j.command, ...j.arguments].join(" ") || "—"],
    ["Hardware", (j) => j.flavor],
    ["Environment", (j) => Object.keys(j.environment).sort().map((k) => `${k}=${j.environment[k]}`).join("\n") || "—"],
    ["Secrets (names)", (j) => [...j.secretNames].sort().join(", ") || "—"],
    ["Volumes", (j) => j.volumes.map((v) => volumeText(v, j)).join("\n") || "—"],
    ["Labels", (j) => Object.entries(j.labels).filter(([k]) => !APP_LABELS.includes(k)).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(", ") || "—"],
    ["Timeout", (j) => (j.timeoutSeconds === null ? "—" : `${j.timeoutSeconds} s`)],
    ["Stage", (j) => j.stage],
  ];
  return rows.map(([field, get]) => {
    const values = jobs.map(get);
    return { field, values, same: values.every((v) => v === values[0]) };
  });
}

/** How a file of a run differs from the base run's file of the same path. */
export type FileChange = "same" | "changed" | "added" | "removed";

/** One path across the runs. */
export interface FileRow {
  path: string;
  origin: "input" | "output";
  /** per run: its file, or null when that run has no file at this path */
  files: (RunFile | null)[];
  /** per run other than the base (index 0 is always "same"): its change against the base */
  changes: FileChange[];
  /** any run differs from the base */
  differs: boolean;
}

function sameContent(a: RunFile, b: RunFile): boolean {
  if (a.hash && b.hash) return a.hash === b.hash;
  // Without hashes, only the size can tell; equal sizes are reported as the same.
  return a.size === b.size;
}

/**
 * Input and output files across runs, matched by path relative to each run's folder; sorted with
 * inputs first, then by path. A path that is an input in one run and an output in another counts as
 * an output (the job wrote it).
 */
export function filesDiff(runs: readonly (readonly RunFile[])[]): FileRow[] {
  const paths = new Map<string, "input" | "output">();
  for (const files of runs) for (const f of files) paths.set(f.path, paths.get(f.path) === "output" || f.origin === "output" ? "output" : "input");
  const byPath = runs.map((files) => new Map(files.map((f) => [f.path, f])));
  const rows: FileRow[] = [];
  for (const [path, origin] of paths) {
    const files = byPath.map((m) => m.get(path) ?? null);
    const base = files[0];
    const changes: FileChange[] = files.map((f, k) => {
      if (k === 0) return "same";
      if (!base && f) return "added";
      if (base && !f) return "removed";
      if (!base || !f) return "same";
      return sameContent(base, f) ? "same" : "changed";
    });
    rows.push({ path, origin, files, changes, differs: changes.some((c) => c !== "same") });
  }
  return rows.sort((a, b) => (a.origin === b.origin ? a.path.localeCompare(b.path) : a.origin === "input" ? -1 : 1));
}

/** One metric key overlaid across runs: x values (union, ascending) and one y column per run. */
export interface OverlaidMetric {
  key: string;
  xKind: MetricXKind;
  xs: number[];
  /** per run, aligned with `xs`; null where that run has no point */
  ys: (number | null)[][];
}

/**
 * Overlays the printed metrics of several runs: one chart per key any run printed, x values merged
 * (a run without a point at an x gets null there). Keys keep the order of first appearance.
 */
export function overlayMetrics(runs: readonly (readonly MetricSeries[])[]): OverlaidMetric[] {
  const keys = new Map<string, MetricXKind>();
  for (const series of runs) for (const s of series) if (!keys.has(s.key)) keys.set(s.key, s.xKind);
  const out: OverlaidMetric[] = [];
  for (const [key, xKind] of keys) {
    const perRun = runs.map((series) => series.find((s) => s.key === key) ?? null);
    const xs = [...new Set(perRun.flatMap((s) => s?.xs ?? []))].sort((a, b) => a - b);
    const index = new Map(xs.map((x, k) => [x, k]));
    const ys = perRun.map((s) => {
      const col: (number | null)[] = xs.map(() => null);
      s?.xs.forEach((x, k) => {
        const at = index.get(x);
        if (at !== undefined) col[at] = s.ys[k] ?? null;
      });
      return col;
    });
    out.push({ key, xKind, xs, ys });
  }
  return out;
}

/** Most runs compared at once. */
export const MAX_COMPARED = 4;
