import { FILTERABLE_STAGES, isActive } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { totalSeconds } from "./format";

/**
 * The jobs dashboard's pure parts (no React): stage and label filters, the URL state, the sort and the
 * folding of runs into groups. The page itself is ./jobs-dashboard.tsx.
 */

/** The stage filter's choices (the empty value is all stages). */
export const STAGE_CHOICES = [
  { value: "", label: "All stages" },
  { value: "ACTIVE", label: "Active (scheduling or running)" },
  ...FILTERABLE_STAGES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() })),
];

/** Dashboard stage choice → Hub `stage=` values (repeatable, §7.3). */
export function stagesFor(choice: string): string[] {
  if (choice === "ACTIVE") return ["SCHEDULING", "RUNNING"];
  return choice ? [choice] : [];
}

/** `a=b, c=d` → `["a=b","c=d"]`; entries without `=` are reported. */
export function parseLabelFilter(text: string): { labels: string[]; invalid: string[] } {
  const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
  return { labels: parts.filter((p) => /^[^=]+=/.test(p)), invalid: parts.filter((p) => !/^[^=]+=/.test(p)) };
}

/** How the rows of the page on screen are ordered (the Hub always pages newest first). */
export const SORTS = [
  { value: "", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "name", label: "By name" },
  { value: "stage", label: "Running first" },
  { value: "duration", label: "Longest first" },
] as const;

/**
 * The dashboard's state as it sits in the URL (so a reload, a bookmark or a shared link shows the
 * same view): `stage`, repeated `label`, `name` (exact name across the namespace: the Hub's
 * `label=name=…` filter, §7.3), `q` (name contains, on the page on screen), `sort`, and the stack of
 * Hub page cursors `cursor` (one per "Older" click). `ns` is kept as is.
 */
export interface DashboardUrlState {
  stage: string;
  labels: string[];
  name: string;
  q: string;
  sort: string;
  cursors: string[];
}

/**
 * Reads {@link DashboardUrlState} from a query string; unknown values fall back to the default. A
 * stage is matched in any case (`?stage=running`, as people type it, is `RUNNING`).
 */
export function readDashboardUrl(sp: URLSearchParams): DashboardUrlState {
  const stage = (sp.get("stage") ?? "").toUpperCase();
  const sort = sp.get("sort") ?? "";
  return {
    stage: STAGE_CHOICES.some((c) => c.value === stage) ? stage : "",
    labels: sp.getAll("label").filter((l) => /^[^=]+=/.test(l)),
    name: sp.get("name") ?? "",
    q: sp.get("q") ?? "",
    sort: SORTS.some((c) => c.value === sort) ? sort : "",
    cursors: sp.getAll("cursor"),
  };
}

/** Writes {@link DashboardUrlState} over `base` (keeps `ns` and anything else), omitting defaults. */
export function writeDashboardUrl(base: URLSearchParams, st: DashboardUrlState): URLSearchParams {
  const sp = new URLSearchParams(base);
  for (const k of ["stage", "label", "name", "q", "sort", "cursor"]) sp.delete(k);
  if (st.stage) sp.set("stage", st.stage);
  for (const l of st.labels) sp.append("label", l);
  if (st.name) sp.set("name", st.name);
  if (st.q) sp.set("q", st.q);
  if (st.sort) sp.set("sort", st.sort);
  for (const c of st.cursors) sp.append("cursor", c);
  return sp;
}

const STAGE_ORDER = (stage: string) => ["RUNNING", "SCHEDULING", "ERROR", "CANCELED", "COMPLETED", "DELETED"].indexOf(stage.toUpperCase()) >>> 0;

/** The page's rows in the chosen order (stable; ties keep the Hub's newest-first order). */
export function sortJobs(jobs: readonly JobView[], sort: string, now: number): JobView[] {
  const rows = [...jobs];
  switch (sort) {
    case "oldest":
      return rows.reverse();
    case "name":
      return rows.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
    case "stage":
      return rows.sort((a, b) => STAGE_ORDER(a.stage) - STAGE_ORDER(b.stage));
    case "duration":
      return rows.sort((a, b) => (totalSeconds(b, now) ?? 0) - (totalSeconds(a, now) ?? 0));
    default:
      return rows;
  }
}

/**
 * One row of the table: a job, or a fold of the jobs on this page that belong together: the runs of
 * one schedule (`by: "schedule"`, `id` = the scheduled job's id) or the members of one network group
 * (`by: "network"`, `id` = the group name, specs/hub-jobs-2x.md `network`).
 */
export type DashboardRow = { kind: "job"; job: JobView } | { kind: "group"; by: "schedule" | "network"; id: string; jobs: JobView[] };

/**
 * What a job is folded by: its network group (members of one multi-node job are one unit, so this
 * wins over a schedule), else its schedule (initiator `scheduled-job`), else nothing.
 */
function foldOf(j: JobView): { by: "schedule" | "network"; id: string } | null {
  if (j.network) return { by: "network", id: j.network.group };
  const id = j.initiator?.type === "scheduled-job" ? j.initiator.id : null;
  return id ? { by: "schedule", id } : null;
}

/**
 * Folds the runs of one schedule, and the members of one network group, into one group row each,
 * placed where its first job is (the rows keep their order inside); a fold of one job on the page
 * stays a plain row.
 */
export function groupRows(jobs: readonly JobView[]): DashboardRow[] {
  const keyOf = (f: { by: string; id: string }) => `${f.by}\u0000${f.id}`;
  const members = new Map<string, JobView[]>();
  for (const j of jobs) {
    const f = foldOf(j);
    if (f) members.set(keyOf(f), [...(members.get(keyOf(f)) ?? []), j]);
  }
  const rows: DashboardRow[] = [];
  const placed = new Set<string>();
  for (const j of jobs) {
    const f = foldOf(j);
    const group = f ? (members.get(keyOf(f)) ?? []) : [];
    if (f && group.length > 1) {
      if (!placed.has(keyOf(f))) rows.push({ kind: "group", by: f.by, id: f.id, jobs: group });
      placed.add(keyOf(f));
    } else rows.push({ kind: "job", job: j });
  }
  return rows;
}

/**
 * One stage for a group of jobs: while any member is active, the furthest-along active stage
 * (RUNNING/UPDATING → RUNNING, else SCHEDULING, else the first unknown one verbatim, lib/jobs/stage.ts);
 * once all are final, ERROR if any failed, else CANCELED if any was canceled, else COMPLETED if any
 * completed, else DELETED. Empty list → "UNKNOWN".
 */
export function aggregateStage(stages: readonly string[]): string {
  const up = stages.map((s) => s.toUpperCase());
  const active = up.filter((s) => isActive(s));
  if (active.length > 0) {
    if (active.some((s) => s === "RUNNING" || s === "UPDATING")) return "RUNNING";
    if (active.includes("SCHEDULING")) return "SCHEDULING";
    return stages[up.indexOf(active[0] ?? "")] ?? "UNKNOWN";
  }
  for (const s of ["ERROR", "CANCELED", "COMPLETED", "DELETED"]) if (up.includes(s)) return s;
  return "UNKNOWN";
}

