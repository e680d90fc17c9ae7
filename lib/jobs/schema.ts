// zod/mini: the composer validates with these schemas in the browser (lib/jobs/build-job-spec.ts), and
// the mini build is a fraction of classic zod's client weight. English messages as with classic zod.
import en from "zod/v4/locales/en.js";
import { _default, array, boolean, config, enum as zEnum, int, minLength, nonnegative, object, optional, record, regex, startsWith, string, trim } from "zod/mini";
import type { ZodMiniString, infer as Infer, input as Input, output as Output } from "zod/mini";
import { DEFAULT_FLAVOR, DEFAULT_IMAGE, LAUNCH_KEY_PATTERN } from "./constants";
import type { JobView } from "./view";

// The plain constants live in ./constants.ts (no zod there, for the pages that need only them).
export { DEFAULT_IMAGE, DEFAULT_FLAVOR, ARTIFACTS_BUCKET, ARTIFACTS_MOUNT_PATH, MAX_LAUNCH_BYTES, MAX_ACTION_LAUNCH_BYTES, LAUNCH_BODY_OVERHEAD_BYTES, HUB_ID_PATTERN, LAUNCH_KEY_LABEL, APP_LABELS, LAUNCH_KEY_PATTERN } from "./constants";

/**
 * The launch form's input, shared by the composer (client) and the launch/schedule server actions,
 * so client and server cannot disagree (STYLE.md convention 3). Client-safe: no server imports.
 * Field names here are the form field names that `ActionError.fieldErrors` keys refer to.
 *
 * The dropped files themselves travel beside this object (FormData entries `file` with the file's
 * relative path as its name); `files` lists their relative paths and sizes in bytes.
 */
export const droppedFileSchema = object({
  /** relative path as dropped, folders included, `/`-separated, e.g. `configs/train.yaml` */
  path: string().check(minLength(1, "A file needs a name")),
  /** bytes */
  size: int().check(nonnegative()),
});
export type DroppedFile = Infer<typeof droppedFileSchema>;

/** `string().trim()` of classic zod: trims, then runs the checks. */
const trimmed = (...checks: Parameters<ZodMiniString["check"]>) => string().check(trim(), ...checks);

export const scheduleInputSchema = object({
  /** 5-field cron in UTC, or @annually @yearly @monthly @weekly @daily @hourly */
  cron: trimmed(minLength(1, "Enter a schedule")),
  suspend: _default(boolean(), false),
  concurrency: _default(boolean(), false),
  /** IANA zone the cron is written in (absent or `UTC`: the cron is UTC); converted to UTC for the Hub (lib/jobs/zoned-cron.ts) */
  timeZone: optional(trimmed()),
  /** give each run its own `/data/runs/<JOB_ID>/` through a launcher (lib/jobs/per-run-outputs.ts); off unless asked (the composer asks by default) */
  perRunOutputs: _default(boolean(), false),
});
export type ScheduleInput = Infer<typeof scheduleInputSchema>;

/**
 * A user volume (specs/hub-jobs-api.md §5). `/data` is reserved for the job's artifacts folder.
 * `source` is `namespace/name` without a type prefix, as on the wire.
 */
export const volumeInputSchema = object({
  type: zEnum(["bucket", "model", "dataset", "space"]),
  source: trimmed(regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, "Use namespace/name")),
  mountPath: trimmed(startsWith("/", "The mount path must start with /")),
  revision: optional(trimmed(minLength(1))),
  readOnly: optional(boolean()),
  path: optional(trimmed()),
});
export type VolumeInput = Infer<typeof volumeInputSchema>;

export const launchInputSchema = object({
  namespace: string().check(minLength(1, "Choose a namespace")),
  /** at least one in uv mode (checked by job-spec-fields.ts `requiredFiles`); may be empty for a command job */
  files: array(droppedFileSchema),
  /** relative path (one of `files`) of the entry script; required in uv mode (`requiredFiles`) */
  script: _default(string(), ""),
  /** script arguments as argv (the composer tokenizes its free-text field) */
  args: _default(array(string()), []),
  /** `uv run --with` values, verbatim (PEP 508 strings with extras, markers, `<`, `>`) */
  dependencies: _default(array(trimmed(minLength(1))), []),
  /** `uv run --python` value, e.g. `3.12`; empty = the image's interpreter */
  python: optional(trimmed()),
  image: _default(trimmed(), DEFAULT_IMAGE),
  flavor: _default(trimmed(), DEFAULT_FLAVOR),
  /** e.g. `300`, `5m`, `2h`, `1.5h`, `1d`, `1h30m`; empty = the Hub's default (30 min) */
  timeout: optional(trimmed()),
  env: _default(record(string(), string()), {}),
  /** write-only: values go only into the spec's `secrets` */
  secrets: _default(record(string(), string()), {}),
  /**
   * "Add my token as HF_TOKEN": the secret name (e.g. `HF_TOKEN`) whose value the server action takes
   * from the session's access token, so the token never reaches the browser. Empty/absent = none.
   * The server adds it to `secrets` before building the spec; a typed secret of the same name loses.
   */
  useSessionTokenAs: optional(trimmed(regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Use a variable name such as HF_TOKEN"))),
  labels: _default(record(string(), string()), {}),
  /** extra volumes (datasets, models, buckets) mounted beside `/data` */
  volumes: _default(array(volumeInputSchema), []),
  /** job name (the `name` label); empty = derived from the script and args */
  name: optional(trimmed()),
  /** present = create a scheduled job instead of running now */
  schedule: optional(scheduleInputSchema),
  /** launch even though `{namespace}/jobs-artifacts` is public */
  acceptPublicBucket: _default(boolean(), false),
  /** retry after a failed launch: reuse this already-uploaded folder instead of uploading again */
  reuseFolder: optional(string()),
  /**
   * The launch's idempotency key, kept by the composer across retries of the same launch; written as
   * the {@link LAUNCH_KEY_LABEL} label. Absent: the server picks one.
   */
  launchKey: optional(string().check(regex(LAUNCH_KEY_PATTERN, "launchKey: 16–64 letters, digits, _ or -"))),
  /**
   * true when an earlier attempt with the same `launchKey` may have created the job (its answer was
   * lost): the server looks the key up first and answers the existing job instead of creating another.
   */
  resume: _default(boolean(), false),
  // --- issue 13 item 4: ports, SSH, replicas (hub-jobs-2x.md "Job spec fields") ---
  /** TCP ports the jobs proxy exposes (`expose: {ports}`; the job page links `status.exposeUrls`) */
  expose: _default(array(int()), []),
  /** `ssh: {enabled: true}`: the job page shows `hf jobs ssh <id>` */
  ssh: _default(boolean(), false),
  /** how many jobs to launch as one network group (1 = a plain job); see lib/jobs/replicas.ts */
  replicas: _default(int(), 1),
  /** the network group's name when `replicas` > 1; empty = generated from the launch key */
  networkGroup: optional(trimmed()),
  // --- command jobs (issue 13, Deliver 1) ---
  /** `uv` = `uv run … /data/<script>` (hf jobs uv run); `command` = the image runs `commandArgv` (hf jobs run) */
  kind: _default(zEnum(["uv", "command"]), "uv"),
  /** command mode: the argv as typed (tokenized by lib/jobs/command-line.ts); dropped files' paths become /data/… */
  commandArgv: _default(array(string()), []),
});
config(en());

export type LaunchInput = Input<typeof launchInputSchema>;
export type ParsedLaunchInput = Output<typeof launchInputSchema>;

/** What a successful launch or schedule returns to the client. */
export interface LaunchResult {
  namespace: string;
  /** set when the job was run now */
  jobId?: string;
  /**
   * the created job as the Hub answered `POST /api/jobs/{ns}` (set with `jobId`): the composer seeds
   * the job page's query with it, so the page shows the job without another round trip
   */
  job?: JobView;
  /** a replicated launch (`replicas` > 1): its network group and every member's id, rank order (`jobId` is rank 0's) */
  group?: { name: string; jobIds: string[] };
  /** set when a scheduled job was created */
  scheduledJobId?: string;
  /** `YYYYMMDDTHHMMSS-xxxxxx` inside `{namespace}/jobs-artifacts` */
  folder: string;
  /** `{hub}/jobs/{ns}/{id}` (or the scheduled job's page) */
  jobUrl: string;
  /** `{hub}/buckets/{ns}/jobs-artifacts/tree/{folder}` */
  folderUrl: string;
  /**
   * each dropped file, its path in the bucket and the path the job sees, e.g.
   * `{ path: "cfg/a.yaml", remotePath: "20260415T092902-5ca267/cfg/a.yaml", mountedPath: "/data/cfg/a.yaml" }`
   */
  files: { path: string; remotePath: string; mountedPath: string }[];
  /** the exact argv sent as the job's `command` */
  command: string[];
  /** the integer sent as `timeoutSeconds`, when a timeout was given */
  timeoutSeconds?: number;
  /** non-blocking advice, e.g. requires-python not admitting the chosen Python */
  warnings: string[];
  /**
   * set when the Hub's answer to the create call was lost (or a retry was sent) and the job was found
   * by its launch key instead: it was created exactly once
   */
  recovered?: boolean;
}
