import type { JobSpecVolume } from "@/lib/hub/job-spec";
import { checkCron } from "./cron";
import { zonedCronToUtc } from "./zoned-cron";
import { normalizeRelativePath } from "./normalize-relative-path";
import type { ParsePep723Result } from "./pep723";
import { requiresPythonAdmits } from "./requires-python";
import { ARTIFACTS_BUCKET, ARTIFACTS_MOUNT_PATH, DEFAULT_IMAGE, LAUNCH_KEY_LABEL, type ParsedLaunchInput } from "./schema";
import { parseTimeout } from "./timeout";

/**
 * One validator per job spec field, used by lib/jobs/build-job-spec.ts (client-safe, no I/O). Each
 * takes the already-parsed input's field(s), reports blocking problems through `addError(field, message)`
 * (field = the form field name `ActionError.fieldErrors` uses) and advice through `warnings`, and
 * returns the wire value. Protocol facts: specs/hub-jobs-api.md §4–§9, field cases in specs/field-cases.md.
 */

/** Reports a blocking problem of one form field. */
export type AddError = (field: string, message: string) => void;

/** One dropped file and where it lands. */
export interface PlannedFile {
  /** relative path as dropped (normalized: `/`-separated, no leading `./`) */
  path: string;
  /** path inside the `{ns}/jobs-artifacts` bucket: `{folder}/{path}` */
  remotePath: string;
  /** path the job sees: `/data/{path}` */
  mountedPath: string;
}

/** The planned files, by normalized path, and every folder they sit in (`a`, `a/b` for `a/b/c.txt`). */
export interface FilePlan {
  files: PlannedFile[];
  byPath: Map<string, PlannedFile>;
  folders: Set<string>;
}

/** Space-image prefixes the Python client recognises (specs/hub-jobs-api.md §4). */
const SPACE_PREFIXES = ["https://huggingface.co/spaces/", "https://hf.co/spaces/", "huggingface.co/spaces/", "hf.co/spaces/"];
/** Docker reference: [registry[:port]/]path[:tag][@sha256:digest]; rejects a leading `-` (B08). */
const IMAGE_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
/** Label keys/values: ≤100 chars of `[A-Za-z0-9._-]` (PY `update_job_labels` docstring, §6.3); values may be empty. */
const LABEL_KEY_RE = /^[A-Za-z0-9._-]{1,100}$/;
const LABEL_VALUE_RE = /^[A-Za-z0-9._-]{0,100}$/;
/** Job name pattern of the Python client (`^[a-zA-Z0-9._-]*$`, §6.3), non-empty, ≤100. */
const NAME_RE = /^[A-Za-z0-9._-]{1,100}$/;
const ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PYTHON_RE = /^[A-Za-z0-9][A-Za-z0-9.@+_-]*$/;
const FLAVOR_RE = /^[a-z0-9][a-z0-9-]*$/;
/** Python's message for a user volume at `/data` (hf_api.py `_create_uv_command_env_and_secrets`, §9.3). */
export const RESERVED_MOUNT_MESSAGE =
  "Mount path '/data' is reserved for Jobs artifacts when running local scripts. Mount your volume at a different path.";
/** What the preview shows for the session-token secret; never sent (the server passes the real token). */
export const SESSION_TOKEN_PLACEHOLDER = "<your Hugging Face token, added on launch>";

/** `files`: relative folders kept; duplicates are errors, never silent renames (§9.3 step 2). */
export function planFiles(files: ParsedLaunchInput["files"], folder: string, addError: AddError): FilePlan {
  const planned: PlannedFile[] = [];
  const seen = new Map<string, number>();
  files.forEach((f, i) => {
    const norm = normalizeRelativePath(f.path);
    if (!norm.ok) return addError(`files.${i}.path`, norm.error);
    const prev = seen.get(norm.path);
    if (prev !== undefined) {
      return addError("files", `Two files have the same path "${norm.path}" (files ${prev + 1} and ${i + 1}): rename or remove one`);
    }
    seen.set(norm.path, i);
    planned.push({ path: norm.path, remotePath: `${folder}/${norm.path}`, mountedPath: `${ARTIFACTS_MOUNT_PATH}/${norm.path}` });
  });
  const folders = new Set<string>();
  for (const f of planned) {
    const parts = f.path.split("/");
    for (let k = 1; k < parts.length; k += 1) folders.add(parts.slice(0, k).join("/"));
  }
  return { files: planned, byPath: new Map(planned.map((f) => [f.path, f])), folders };
}

/** `script`: must be one of the dropped files. */
export function entryScript(script: string, plan: FilePlan, addError: AddError): PlannedFile | undefined {
  const norm = normalizeRelativePath(script);
  const file = norm.ok ? plan.byPath.get(norm.path) : undefined;
  if (!file) addError("script", `The script "${script}" is not among the dropped files`);
  return file;
}

/** `args`: forwarded verbatim (B08), except attached file paths rewritten to /data/… (§9.3 step 5). */
export function scriptArgs(args: readonly string[], plan: FilePlan, warnings: string[]): string[] {
  const resolveLocal = (value: string): string | null => {
    const n = normalizeRelativePath(value);
    if (!n.ok) return null;
    const file = plan.byPath.get(n.path);
    if (file) return file.mountedPath;
    const folder = n.path.replace(/\/$/, "");
    return plan.folders.has(folder) ? `${ARTIFACTS_MOUNT_PATH}/${folder}` : null;
  };
  return args.map((arg) => {
    const whole = resolveLocal(arg);
    if (whole) return whole;
    const flag = /^(--?[A-Za-z0-9][\w.-]*)=(.+)$/.exec(arg);
    if (flag) {
      const v = resolveLocal(flag[2] as string);
      if (v) return `${flag[1]}=${v}`;
    }
    const candidate = flag ? (flag[2] as string) : arg;
    if (looksLikeRelativeFile(candidate)) {
      warnings.push(
        `Argument "${candidate}" looks like a file but no dropped file has that path; it is passed as-is (drop the file, or ignore this if the script creates it)`,
      );
    }
    return arg;
  });
}

/** `image` (B08): a Docker reference or a Space, never a CLI string. */
export function imageRef(image: string, addError: AddError): { dockerImage?: string; spaceId?: string } {
  const spacePrefix = SPACE_PREFIXES.find((p) => image.startsWith(p));
  if (spacePrefix) {
    const spaceId = image.slice(spacePrefix.length).replace(/\/+$/, "");
    if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(spaceId)) addError("image", `"${image}" does not name a Space (hf.co/spaces/owner/name)`);
    return { spaceId };
  }
  if (image.startsWith("-")) addError("image", `"${image}" is not an image name: it starts with "-"`);
  else if (!IMAGE_RE.test(image)) addError("image", `"${image}" is not a valid image reference (e.g. ghcr.io/astral-sh/uv:python3.12-bookworm)`);
  else return { dockerImage: image };
  return {};
}

/** `dependencies`: verbatim argv elements, so `>`, `<`, `;`, quotes are safe (B01); no leading `-`. */
export function checkDependencies(dependencies: readonly string[], addError: AddError): void {
  dependencies.forEach((dep, i) => {
    if (dep.startsWith("-")) addError(`dependencies.${i}`, `"${dep}" is not a requirement: it starts with "-"`);
  });
}

/** `python`: a version for `uv run --python`, or undefined for the image's interpreter. */
export function pythonVersion(python: string | undefined, addError: AddError): string | undefined {
  if (!python) return undefined;
  if (!PYTHON_RE.test(python)) addError("python", `"${python}" is not a Python version (e.g. 3.12)`);
  return python;
}

/** `flavor`: a hardware name's syntax (the Hub's list is checked on the server, lib/jobs/prepare-launch.ts). */
export function checkFlavor(flavor: string, addError: AddError): void {
  if (!FLAVOR_RE.test(flavor)) addError("flavor", `"${flavor}" is not a hardware flavor (e.g. cpu-basic)`);
}

/** The argv: `uv run (--with dep)* (--python v)? [--script] /data/<script> ...args` (§9.1). */
export function uvCommand(p: { dependencies: readonly string[]; python?: string; script?: PlannedFile; args: readonly string[] }): string[] {
  const command: string[] = ["uv", "run"];
  for (const dep of p.dependencies) command.push("--with", dep);
  if (p.python) command.push("--python", p.python);
  if (p.script) {
    // uv reads inline metadata of an extension-less file only with --script (astral-sh/uv#9483, B15).
    if (!/\.pyw?$/i.test(p.script.path)) command.push("--script");
    command.push(p.script.mountedPath);
  }
  command.push(...p.args);
  return command;
}

/** `timeout` (B03, C08): integer seconds when given; 0/negative/garbage are field errors. */
export function timeoutSeconds(timeout: string | undefined, addError: AddError): number | undefined {
  if (!timeout) return undefined;
  const t = parseTimeout(timeout);
  if (t.ok) return t.seconds;
  addError("timeout", t.error);
  return undefined;
}

/**
 * `env` and `secrets` stay apart; secret values go nowhere but `secrets`. `useSessionTokenAs` names
 * the secret holding `sessionToken` (server) or {@link SESSION_TOKEN_PLACEHOLDER} (preview).
 * @returns the secrets to send
 */
export function envAndSecrets(data: Pick<ParsedLaunchInput, "env" | "secrets" | "useSessionTokenAs">, sessionToken: string | undefined, addError: AddError): Record<string, string> {
  const secrets: Record<string, string> = { ...data.secrets };
  if (data.useSessionTokenAs) secrets[data.useSessionTokenAs] = sessionToken ?? SESSION_TOKEN_PLACEHOLDER;
  for (const key of Object.keys(data.env)) {
    if (!ENV_KEY_RE.test(key)) addError(`env.${key}`, `"${key}" is not a valid variable name (letters, digits, _; not starting with a digit)`);
  }
  for (const key of Object.keys(secrets)) {
    if (!ENV_KEY_RE.test(key)) addError(`secrets.${key}`, `"${key}" is not a valid secret name (letters, digits, _; not starting with a digit)`);
    if (Object.hasOwn(data.env, key)) addError(`secrets.${key}`, `"${key}" is both an environment variable and a secret: keep it in one place`);
  }
  return secrets;
}

/**
 * `labels`, `name` and the app's launch key (§6.3): the `name` label from `name`, else the user's
 * `name` label, else {@link defaultName}; the launch key label is the app's only.
 */
export function jobLabels(
  data: Pick<ParsedLaunchInput, "labels" | "name" | "launchKey">,
  defaultName: () => string,
  addError: AddError,
  hasError: (field: string) => boolean,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(data.labels)) {
    if (!LABEL_KEY_RE.test(key)) addError(`labels.${key}`, `Label key "${key}" must be 1–100 characters of letters, digits, ".", "_" or "-"`);
    else if (!LABEL_VALUE_RE.test(value)) addError(`labels.${key}`, `Label "${key}" value must be at most 100 characters of letters, digits, ".", "_" or "-"`);
    else labels[key] = value;
  }
  if (Object.hasOwn(data.labels, LAUNCH_KEY_LABEL)) {
    addError(`labels.${LAUNCH_KEY_LABEL}`, `"${LAUNCH_KEY_LABEL}" is set by the app (each launch's idempotency key): use another label key`);
    delete labels[LAUNCH_KEY_LABEL];
  }
  if (data.launchKey) labels[LAUNCH_KEY_LABEL] = data.launchKey;
  if (data.name && Object.hasOwn(data.labels, "name")) addError("labels.name", 'Set the job name either in "Name" or as the "name" label, not both');
  if (data.name) {
    if (!NAME_RE.test(data.name)) addError("name", `The name must be 1–100 characters of letters, digits, ".", "_" or "-"`);
    else labels.name = data.name;
  } else if (!Object.hasOwn(labels, "name") && !hasError("labels.name")) {
    labels.name = defaultName();
  }
  return labels;
}

/** `volumes`: the user's, then the artifacts folder's bucket volume, which alone may sit at /data (§9.3 step 3). */
export function jobVolumes(data: Pick<ParsedLaunchInput, "volumes" | "namespace">, folder: string, addError: AddError): JobSpecVolume[] {
  const volumes: JobSpecVolume[] = [];
  data.volumes.forEach((v, i) => {
    const mount = v.mountPath.replace(/\/+$/, "") || "/";
    if (mount === ARTIFACTS_MOUNT_PATH) return addError(`volumes.${i}.mountPath`, RESERVED_MOUNT_MESSAGE);
    volumes.push({
      type: v.type,
      source: v.source,
      mountPath: mount,
      ...(v.revision ? { revision: v.revision } : {}),
      ...(v.readOnly !== undefined ? { readOnly: v.readOnly } : {}),
      ...(v.path ? { path: v.path } : {}),
    });
  });
  volumes.push({ type: "bucket", source: `${data.namespace}/${ARTIFACTS_BUCKET}`, mountPath: ARTIFACTS_MOUNT_PATH, path: folder, readOnly: false });
  return volumes;
}

/** The entry script's PEP 723 header (B12–B15) and image/dependency advice (B10, B11). */
export function scriptAdvice(
  p: { meta?: ParsePep723Result; python?: string; image: string; dependencies: readonly string[] },
  addError: AddError,
  warnings: string[],
): void {
  const { meta, python, image } = p;
  if (meta && !meta.ok) addError("script", meta.error.message);
  if (meta?.ok && meta.metadata?.requiresPython) {
    const chosen = python ?? imagePython(image);
    if (chosen && requiresPythonAdmits(meta.metadata.requiresPython, chosen) === false) {
      warnings.push(
        `The script requires Python ${meta.metadata.requiresPython} but the job uses Python ${chosen}${python ? "" : " (the image's)"}: uv will download another interpreter at start-up, or fail. Set the Python version to one it admits.`,
      );
    }
  }
  const allDeps = [...p.dependencies, ...(meta?.ok && meta.metadata ? meta.metadata.dependencies : [])];
  if (allDeps.some((d) => /\bgit\+|@\s*git\+/.test(d)) && image !== DEFAULT_IMAGE && !/astral-sh\/uv/.test(image)) {
    warnings.push(`Some dependencies come from git, and "${image}" may not ship git; the default image ${DEFAULT_IMAGE} has it.`);
  }
  if (/vllm/.test(image) && allDeps.some((d) => /^vllm\b/i.test(d.trim()))) {
    warnings.push(`"vllm" is already in the image ${image}; installing it again from PyPI replaces its CUDA-matched build.`);
  }
}

const SHARED_DATA_WARNING =
  "Every run of a scheduled job mounts the same /data folder read-write: write outputs under a per-run path (for example /data/runs/<JOB_ID>, read from the JOB_ID environment variable) so runs do not overwrite each other.";

/**
 * `schedule` (B30): the normalized cron expression; every run shares /data (C04), said as a warning.
 * With `schedule.timeZone` (not UTC) the cron is read in that zone and the UTC cron returned
 * (lib/jobs/zoned-cron.ts; DST moves are warnings); errors on `schedule.cron` / `schedule.timeZone`.
 */
export function scheduleExpression(schedule: ParsedLaunchInput["schedule"], addError: AddError, warnings: string[]): string | undefined {
  if (!schedule) return undefined;
  // issue 13: a cron written in a time zone is sent as its UTC equivalent (the Hub takes no zone)
  if (schedule.timeZone && schedule.timeZone !== "UTC") {
    const z = zonedCronToUtc({ schedule: schedule.cron, timeZone: schedule.timeZone });
    if (!z.ok) {
      addError(z.error.field === "timeZone" ? "schedule.timeZone" : "schedule.cron", z.error.message);
      return undefined;
    }
    warnings.push(...(schedule.perRunOutputs ? [] : [SHARED_DATA_WARNING]), ...z.dstShifts.map((d) => d.message));
    return z.utcSchedule;
  }
  const s = checkCron({ schedule: schedule.cron, count: 1 });
  if (!s.ok) addError("schedule.cron", s.message);
  if (!schedule.perRunOutputs) warnings.push(SHARED_DATA_WARNING);
  return s.ok ? s.schedule : undefined;
}

function looksLikeRelativeFile(value: string): boolean {
  if (value.startsWith("-") || value.startsWith("/") || value.includes("://")) return false;
  return /^[^\s=]*[^\s./=]\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(value);
}

/** `ghcr.io/astral-sh/uv:python3.12-bookworm` → `3.12`; `python:3.11-slim` → `3.11`; else undefined. */
function imagePython(image: string): string | undefined {
  const tag = image.split("/").at(-1) ?? "";
  const m = /:(?:python)?-?(\d+\.\d+)/.exec(tag) ?? /python(\d+\.\d+)/.exec(tag);
  return m?.[1];
}
