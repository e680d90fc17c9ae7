import type { ApiJob, ApiScheduledJob } from "@/lib/hub/api-types";
import { ARTIFACTS_BUCKET, ARTIFACTS_MOUNT_PATH } from "./constants";

/**
 * Narrow, client-safe view types of the Hub's wire objects (STYLE.md convention 9), and the mappers.
 * The mappers are tolerant: fields the two official clients disagree on (specs/hub-jobs-api.md §7.1,
 * §8.2, §12) are read in every known shape.
 */

/** A mounted volume, as shown on the job page. */
export interface VolumeView {
  type: string;
  source: string;
  mountPath: string;
  /** sub-folder of the bucket/repo that is mounted, if any */
  path: string | null;
  /** true for repos whatever the wire says (the Hub mounts them read-only, §5) */
  readOnly: boolean;
  /** a repo's branch, tag or commit, when one was given */
  revision: string | null;
}

/** What a job runs: shared by jobs and scheduled jobs' `jobSpec`. */
export interface JobSpecView {
  /** docker image, or `space:<id>` for Space-based jobs */
  image: string;
  command: string[];
  arguments: string[];
  environment: Record<string, string>;
  /** secret names only; values never leave the server */
  secretNames: string[];
  flavor: string;
  /** seconds; `timeoutSeconds ?? timeout` (field case C05); null when the Hub sends none */
  timeoutSeconds: number | null;
  labels: Record<string, string>;
  volumes: VolumeView[];
  /** the per-job folder in `{ns}/jobs-artifacts` mounted at /data, when the job was launched that way */
  artifactsFolder: string | null;
  /** `expose.ports` (specs/hub-jobs-2x.md); empty when none */
  exposePorts: number[];
  /** `ssh.enabled` */
  ssh: boolean;
}

/** Time spent per phase, in whole seconds, as computed by the Hub (§7.1 `durations`). */
export interface DurationsView {
  schedulingSecs: number | null;
  runningSecs: number | null;
  totalSecs: number | null;
}

/** One job, as the dashboard and the job page see it. */
export interface JobView extends JobSpecView {
  id: string;
  namespace: string;
  /** `labels.name`, else null */
  name: string | null;
  /** verbatim Hub stage (open set, see lib/jobs/stage.ts) */
  stage: string;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durations: DurationsView | null;
  /** who started it: a user name, or `scheduled-job` / `duplicated-job` plus an id */
  initiator: { type: string | null; name: string | null; id: string | null } | null;
  /**
   * The network group the job was placed in with the other members (specs/hub-jobs-2x.md, `network`:
   * the job object echoes `{group, aliases}`), or null. Not typed by @huggingface/hub: read from the wire.
   */
  network: NetworkView | null;
  /** `status.exposeUrls` (hub-jobs-2x.md): one proxy URL per exposed port, empty until the Hub gives them */
  exposeUrls: string[];
  /** `status.sshUrl`, when the Hub gives one */
  sshUrl: string | null;
}

/** A job's `network` (hub-jobs-2x.md): `group` (lowercase alphanumerics and dashes) and its `aliases`. */
export interface NetworkView {
  group: string;
  aliases: string[];
}

/** One scheduled job. */
export interface ScheduledJobView {
  id: string;
  namespace: string;
  name: string | null;
  schedule: string;
  suspend: boolean;
  concurrency: boolean;
  createdAt: string;
  updatedAt: string | null;
  spec: JobSpecView;
  lastJob: { id: string; at: string } | null;
  nextJobRunAt: string | null;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
function record(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? x : String(x)]));
}

/** Secret names from either a name list (JS typing) or a dict (PY typing); values are dropped (§12 q2). */
function secretNames(v: unknown): string[] {
  if (Array.isArray(v)) return strings(v);
  if (isObject(v)) return Object.keys(v);
  return [];
}

function volumes(v: unknown): VolumeView[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((x) => ({
    type: str(x.type) ?? "unknown",
    source: str(x.source) ?? "",
    mountPath: str(x.mountPath) ?? str(x.mount_path) ?? "",
    path: str(x.path),
    readOnly: x.readOnly === true || x.read_only === true || (str(x.type) !== null && str(x.type) !== "bucket"),
    revision: str(x.revision),
  }));
}

/** The job's folder in `{ns}/jobs-artifacts`: the bucket volume mounted at /data (DESIGN.md, flow 1). */
function artifactsFolderOf(vols: VolumeView[], namespace: string): string | null {
  const hit =
    vols.find((v) => v.type === "bucket" && v.source === `${namespace}/${ARTIFACTS_BUCKET}` && v.mountPath === ARTIFACTS_MOUNT_PATH) ??
    vols.find((v) => v.type === "bucket" && v.source.endsWith(`/${ARTIFACTS_BUCKET}`));
  return hit?.path ?? null;
}

function specView(raw: Loose, namespace: string): JobSpecView {
  const vols = volumes(raw.volumes);
  const space = str(raw.spaceId);
  return {
    image: str(raw.dockerImage) ?? (space ? `space:${space}` : ""),
    command: strings(raw.command),
    arguments: strings(raw.arguments),
    environment: record(raw.environment),
    secretNames: secretNames(raw.secrets),
    flavor: str(raw.flavor) ?? "unknown",
    timeoutSeconds: num(raw.timeoutSeconds) ?? num(raw.timeout),
    labels: record(raw.labels),
    volumes: vols,
    artifactsFolder: artifactsFolderOf(vols, namespace),
    exposePorts: isObject(raw.expose) && Array.isArray(raw.expose.ports) ? raw.expose.ports.filter((p): p is number => typeof p === "number") : [],
    ssh: isObject(raw.ssh) && raw.ssh.enabled === true,
  };
}

/**
 * ApiJob → JobView. `namespace` is the one the job was listed/fetched in (owner.name when present).
 * @throws never; missing fields become null/empty
 */
export function toJobView(job: ApiJob, namespace: string): JobView {
  const raw = job as unknown as Loose;
  const owner = isObject(raw.owner) ? str(raw.owner.name) : null;
  const ns = owner ?? namespace;
  const status = isObject(raw.status) ? raw.status : {};
  const d = isObject(raw.durations) ? raw.durations : null;
  const init = isObject(raw.initiator) ? raw.initiator : isObject(raw.createdBy) ? raw.createdBy : null;
  const spec = specView(raw, ns);
  return {
    ...spec,
    id: String(raw.id),
    namespace: ns,
    name: spec.labels.name ?? null,
    stage: str(status.stage) ?? "UNKNOWN",
    message: str(status.message),
    createdAt: str(raw.createdAt) ?? "",
    startedAt: str(raw.startedAt),
    finishedAt: str(raw.finishedAt),
    durations: d ? { schedulingSecs: num(d.schedulingSecs), runningSecs: num(d.runningSecs), totalSecs: num(d.totalSecs) } : null,
    initiator: init ? { type: str(init.type), name: str(init.name), id: str(init.id) } : null,
    network: networkOf(raw.network),
    exposeUrls: strings(status.exposeUrls),
    sshUrl: str(status.sshUrl),
  };
}

/** `{group, aliases}` → {@link NetworkView}; anything without a non-empty string `group` → null. */
function networkOf(v: unknown): NetworkView | null {
  if (!isObject(v)) return null;
  const group = str(v.group);
  return group ? { group, aliases: strings(v.aliases) } : null;
}

/** ApiScheduledJob → ScheduledJobView; reads `jobSpec` or `job_spec`, and the untyped `status` (§8.2). */
export function toScheduledJobView(job: ApiScheduledJob, namespace: string): ScheduledJobView {
  const raw = job as unknown as Loose;
  const owner = isObject(raw.owner) ? str(raw.owner.name) : null;
  const ns = owner ?? namespace;
  const specRaw = isObject(raw.jobSpec) ? raw.jobSpec : isObject(raw.job_spec) ? raw.job_spec : {};
  const spec = specView(specRaw, ns);
  const status = isObject(raw.status) ? raw.status : {};
  const last = isObject(status.lastJob) ? status.lastJob : null;
  const lastId = last ? str(last.id) : null;
  return {
    id: String(raw.id),
    namespace: ns,
    name: spec.labels.name ?? null,
    schedule: str(raw.schedule) ?? "",
    suspend: raw.suspend === true,
    concurrency: raw.concurrency === true,
    createdAt: str(raw.createdAt) ?? "",
    updatedAt: str(raw.updatedAt),
    spec,
    lastJob: last && lastId ? { id: lastId, at: str(last.at) ?? "" } : null,
    nextJobRunAt: status.nextJobRunAt == null ? null : String(status.nextJobRunAt),
  };
}

/**
 * Bounds of what a list view sends the browser per job (issue 11 item 7): one hostile job with a
 * megabyte command or ten thousand labels must not make every poll of the namespace megabytes.
 * The job page reads the job alone and shows everything ("Show all").
 */
export const LIST_VIEW_LIMITS = { chars: 300, entries: 25, volumes: 10 } as const;

function cut(s: string): string {
  return s.length > LIST_VIEW_LIMITS.chars ? `${s.slice(0, LIST_VIEW_LIMITS.chars)}…` : s;
}

function cutRecord(r: Record<string, string>, first?: string): Record<string, string> {
  const entries = Object.entries(r);
  if (first && Object.hasOwn(r, first)) entries.sort(([a], [b]) => (a === first ? -1 : b === first ? 1 : 0));
  return Object.fromEntries(entries.slice(0, LIST_VIEW_LIMITS.entries).map(([k, v]) => [cut(k), cut(v)]));
}

function compactSpec(spec: JobSpecView): JobSpecView {
  return {
    ...spec,
    image: cut(spec.image),
    command: spec.command.slice(0, LIST_VIEW_LIMITS.entries).map(cut),
    arguments: spec.arguments.slice(0, LIST_VIEW_LIMITS.entries).map(cut),
    environment: cutRecord(spec.environment),
    secretNames: spec.secretNames.slice(0, LIST_VIEW_LIMITS.entries).map(cut),
    labels: cutRecord(spec.labels, "name"),
    volumes: spec.volumes.slice(0, LIST_VIEW_LIMITS.volumes).map((v) => ({ ...v, source: cut(v.source), mountPath: cut(v.mountPath), path: v.path === null ? null : cut(v.path), revision: v.revision === null ? null : cut(v.revision) })),
    exposePorts: spec.exposePorts.slice(0, LIST_VIEW_LIMITS.entries),
  };
}

/**
 * A job view for lists: every string ≤ {@link LIST_VIEW_LIMITS}.chars (+ "…"), every list and map ≤
 * `entries` items (the `name` label kept first), ≤ `volumes` volumes; `truncated: true` when anything
 * was cut. `artifactsFolder` and the ids are never cut (they are computed from the full spec).
 */
export function compactJobView(view: JobView): JobView & { truncated?: true } {
  const compact: JobView = {
    ...view,
    ...compactSpec(view),
    name: view.name === null ? null : cut(view.name),
    message: view.message === null ? null : cut(view.message),
    network: view.network === null ? null : { group: cut(view.network.group), aliases: view.network.aliases.slice(0, LIST_VIEW_LIMITS.entries).map(cut) },
    exposeUrls: view.exposeUrls.slice(0, LIST_VIEW_LIMITS.entries).map(cut),
    sshUrl: view.sshUrl === null ? null : cut(view.sshUrl),
  };
  return JSON.stringify(compact).length < JSON.stringify(view).length ? { ...compact, truncated: true } : compact;
}

/** {@link compactJobView} for a scheduled job's list row. */
export function compactScheduledJobView(view: ScheduledJobView): ScheduledJobView & { truncated?: true } {
  const compact: ScheduledJobView = { ...view, name: view.name === null ? null : cut(view.name), schedule: cut(view.schedule), spec: compactSpec(view.spec) };
  return JSON.stringify(compact).length < JSON.stringify(view).length ? { ...compact, truncated: true } : compact;
}
