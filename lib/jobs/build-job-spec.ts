import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { JobSpec } from "@/lib/hub/job-spec";
import { zodFieldErrors } from "@/lib/zod-field-errors";
import {
  checkDependencies,
  checkFlavor,
  entryScript,
  envAndSecrets,
  imageRef,
  jobLabels,
  jobVolumes,
  planFiles,
  pythonVersion,
  scheduleExpression,
  scriptAdvice,
  scriptArgs,
  timeoutSeconds as timeoutOf,
  uvCommand,
  type PlannedFile,
} from "./job-spec-fields";
import { checkUserVolumes, exposeSpec, replicaNetwork, sshSpec } from "./job-spec-fields-2x";
import { commandJobArgv, requiredFiles } from "./command-job-fields";
import type { ParsePep723Result } from "./pep723";
import { zoneLabels } from "./schedule-labels";
import { DEFAULT_IMAGE, launchInputSchema, type LaunchInput, type ParsedLaunchInput } from "./schema";

export type { JobSpec, JobSpecVolume } from "@/lib/hub/job-spec";
export type { PlannedFile } from "./job-spec-fields";
export { RESERVED_MOUNT_MESSAGE, SESSION_TOKEN_PLACEHOLDER } from "./job-spec-fields";

/**
 * Turns the composer's structured input into the Jobs API spec, with no I/O. Client-safe: the
 * composer calls {@link buildJobSpec} on every keystroke for the live preview; the launch service
 * (lib/jobs/prepare-launch.ts) parses the input once and calls {@link buildParsedJobSpec} with the
 * uploaded script's header. One validator per field lives in lib/jobs/job-spec-fields.ts.
 *
 * The spec follows the Python client's uv path at HEAD (specs/hub-jobs-api.md §9): `command` =
 * `uv run (--with dep)* (--python v)? [--script] /data/<script> ...args`, with one bucket volume
 * `{type: "bucket", source: "{ns}/jobs-artifacts", mountPath: "/data", path: <folder>, readOnly: false}`
 * appended after the user's volumes. It differs from the Python client where that client is wrong
 * (specs/field-cases.md): relative folders are kept instead of flattened, duplicates are errors rather
 * than renamed (`config(0).yaml`), timeouts are parsed strictly (B03, C08) and `0` is never sent as
 * "default", arguments are never re-tokenized (B08), and `--script` is added for extension-less
 * scripts (B15).
 */

export interface BuildJobSpecOptions {
  /** the artifacts folder (`YYYYMMDDTHHMMSS-xxxxxx`); the preview may pass a placeholder */
  folder: string;
  /** the entry script's parsed `# /// script` header, when its text is known */
  scriptMetadata?: ParsePep723Result;
  /**
   * server only: the session's token, stored as the secret named by `input.useSessionTokenAs` (it
   * replaces a typed secret of that name). Without it (the browser's preview) the secret holds
   * {@link SESSION_TOKEN_PLACEHOLDER}.
   */
  sessionToken?: string;
}

export interface BuildJobSpecResult {
  /** null when `fieldErrors` is not empty */
  spec: JobSpec | null;
  /** `spec` with every secret value replaced by `"•••"`, for previews and logs */
  redactedSpec: JobSpec | null;
  files: PlannedFile[];
  /** the final argv (also `spec.command`), built even when other fields have errors, for the preview */
  command: string[];
  /** normalized schedule expression when `input.schedule` is set and valid */
  schedule?: string;
  /** non-blocking advice for the user */
  warnings: string[];
  /** blocking problems keyed by form field (`timeout`, `args.2`, `files`, `labels.name`, …) */
  fieldErrors: Record<string, string[]>;
}

/**
 * Builds the job spec from the raw form input: parses it with `launchInputSchema` (defaults applied),
 * then {@link buildParsedJobSpec}. For callers that hold unparsed input (the composer's preview).
 * @returns as {@link buildParsedJobSpec}; schema errors as `fieldErrors` with no spec; never throws
 */
export function buildJobSpec(input: LaunchInput, options: BuildJobSpecOptions): BuildJobSpecResult {
  const parsed = launchInputSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = zodFieldErrors(parsed.error);
    // The required-file rules sit in the builder (a command job needs none), so they are added here too.
    requiredFiles({ kind: input.kind ?? "uv", files: input.files ?? [], script: input.script ?? "" }, (field, message) => {
      if (!(field in fieldErrors)) fieldErrors[field] = [message];
    });
    return { spec: null, redactedSpec: null, files: [], command: [], warnings: [], fieldErrors };
  }
  return buildParsedJobSpec(parsed.data, options);
}

/**
 * Builds the job spec from input already parsed by `launchInputSchema`, one validator per field.
 * @param data the parsed input; options.folder the artifacts folder; options.scriptMetadata the entry
 *   script's PEP 723 parse; options.sessionToken the server's token for `useSessionTokenAs`
 * @returns spec (null when any field error), planned files, argv, warnings and field errors; never throws
 */
export function buildParsedJobSpec(data: ParsedLaunchInput, options: BuildJobSpecOptions): BuildJobSpecResult {
  const fieldErrors: Record<string, string[]> = {};
  const warnings: string[] = [];
  const addError = (field: string, message: string) => {
    (fieldErrors[field] ??= []).push(message);
  };
  const plan = planFiles(data.files, options.folder, addError);
  // Command jobs (issue 13): no uv, an optional entry file, the typed argv as the command.
  const commandMode = data.kind === "command";
  requiredFiles(data, addError);
  const script = commandMode && data.script === "" ? undefined : entryScript(data.script, plan, addError);
  const args = commandMode ? [] : scriptArgs(data.args, plan, warnings);
  const image = data.image || DEFAULT_IMAGE;
  const { dockerImage, spaceId } = imageRef(image, addError);
  checkDependencies(data.dependencies, addError);
  const python = pythonVersion(data.python, addError);
  checkFlavor(data.flavor, addError);
  const command = commandMode ? commandJobArgv(data.commandArgv, plan, addError, warnings) : uvCommand({ dependencies: data.dependencies, python, script, args });
  const timeoutSeconds = timeoutOf(data.timeout, addError);
  const secrets = envAndSecrets(data, options.sessionToken, addError);
  const nameSource = commandMode ? { script: data.commandArgv[0] ?? "job", args: data.commandArgv.slice(1) } : { script: script?.path ?? data.script, args: data.args };
  const labels = jobLabels(data, () => defaultJobName(nameSource.script, nameSource.args), addError, (f) => f in fieldErrors);
  const volumes = jobVolumes(data, options.folder, addError);
  checkUserVolumes(data.volumes, addError);
  const expose = exposeSpec(data.expose, addError);
  const ssh = sshSpec(data.ssh);
  const network = replicaNetwork(data, addError);
  if (!commandMode) scriptAdvice({ meta: options.scriptMetadata, python, image, dependencies: data.dependencies }, addError, warnings);
  const schedule = scheduleExpression(data.schedule, addError, warnings);
  // issue 13: the zone a schedule's cron was written in is remembered on the schedule (the Hub has no field for it)
  if (schedule !== undefined && data.schedule) Object.assign(labels, zoneLabels(data.schedule.cron, data.schedule.timeZone));
  const files = plan.files;

  if (Object.keys(fieldErrors).length > 0) {
    return { spec: null, redactedSpec: null, files, command, ...(schedule ? { schedule } : {}), warnings, fieldErrors };
  }
  const spec: JobSpec = {
    ...(dockerImage ? { dockerImage } : {}),
    ...(spaceId ? { spaceId } : {}),
    command,
    arguments: [],
    environment: { ...data.env },
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    flavor: data.flavor,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    labels,
    volumes,
    ...(expose ? { expose } : {}),
    ...(ssh ? { ssh } : {}),
    ...(network ? { network } : {}),
  };
  const redactedSpec: JobSpec = {
    ...spec,
    ...(spec.secrets ? { secrets: Object.fromEntries(Object.keys(spec.secrets).map((k) => [k, "•••"])) } : {}),
  };
  return { spec, redactedSpec, files, command, ...(schedule ? { schedule } : {}), warnings, fieldErrors };
}

/**
 * The `name` label when none is given, as the Python client derives it (`_default_job_name_from_script`,
 * specs/hub-jobs-api.md §6.3): last path component without `.py`, every char outside `[A-Za-z0-9_-]`
 * replaced by `-`, then `-` + the first 8 hex of sha256(`script\0arg1\0…`) over the original (not
 * rewritten) script path and arguments.
 */
export function defaultJobName(script: string, args: readonly string[]): string {
  const last = script.split(/[?#]/)[0]?.split("/").filter(Boolean).at(-1) ?? "job";
  const base = (last.replace(/\.py$/, "").replace(/[^A-Za-z0-9_-]/g, "-") || "job").slice(0, 90);
  const hash = bytesToHex(sha256(utf8ToBytes([script, ...args].join("\0")))).slice(0, 8);
  return `${base}-${hash}`;
}
