import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { ParsePep723Result } from "./pep723";
import { requiresPythonAdmits } from "./requires-python";
import { checkCron } from "./cron";
import {
  ARTIFACTS_BUCKET,
  ARTIFACTS_MOUNT_PATH,
  DEFAULT_IMAGE,
  LAUNCH_KEY_LABEL,
  launchInputSchema,
  type LaunchInput,
} from "./schema";
import { parseTimeout } from "./timeout";

/**
 * Turns the composer's structured input into the Jobs API spec, with no I/O. Client-safe: the
 * composer calls it on every keystroke for the live preview; the launch service calls it again on
 * the server with the uploaded script's header.
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

/** A volume on the wire (specs/hub-jobs-api.md §5). */
export interface JobSpecVolume {
  type: "bucket" | "model" | "dataset" | "space";
  /** `namespace/name`, no type prefix */
  source: string;
  mountPath: string;
  revision?: string;
  readOnly?: boolean;
  path?: string;
}

/** The body of `POST /api/jobs/{ns}` (and the `jobSpec` of a scheduled job); specs/hub-jobs-api.md §4. */
export interface JobSpec {
  /** exactly one of `dockerImage` / `spaceId` */
  dockerImage?: string;
  spaceId?: string;
  /** argv; never a shell string */
  command: string[];
  /** always `[]`, as the Python client sends it */
  arguments: string[];
  environment: Record<string, string>;
  /** only when non-empty; the only place secret values ever go */
  secrets?: Record<string, string>;
  flavor: string;
  /** integer seconds, only when a timeout was given */
  timeoutSeconds?: number;
  labels: Record<string, string>;
  volumes: JobSpecVolume[];
}

/** One dropped file and where it lands. */
export interface PlannedFile {
  /** relative path as dropped (normalized: `/`-separated, no leading `./`) */
  path: string;
  /** path inside the `{ns}/jobs-artifacts` bucket: `{folder}/{path}` */
  remotePath: string;
  /** path the job sees: `/data/{path}` */
  mountedPath: string;
}

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

/** What the preview shows for the session-token secret; never sent (the server passes the real token). */
export const SESSION_TOKEN_PLACEHOLDER = "<your Hugging Face token, added on launch>";

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

/**
 * Builds the job spec.
 * @param input the composer's input (raw; defaults are applied here with `launchInputSchema`)
 * @param options.folder the artifacts folder; options.scriptMetadata the entry script's PEP 723 parse
 * @returns spec (null when any field error), planned files, argv, warnings and field errors; never throws
 */
export function buildJobSpec(input: LaunchInput, options: BuildJobSpecOptions): BuildJobSpecResult {
  const fieldErrors: Record<string, string[]> = {};
  const warnings: string[] = [];
  const addError = (field: string, message: string) => {
    (fieldErrors[field] ??= []).push(message);
  };
  const empty = (): BuildJobSpecResult => ({
    spec: null, redactedSpec: null, files: [], command: [], warnings, fieldErrors,
  });

  const parsed = launchInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) addError(issue.path.map(String).join(".") || "input", issue.message);
    return empty();
  }
  const data = parsed.data;
  const folder = options.folder;

  // Files: keep relative folders; duplicates are errors, never silent renames.
  const files: PlannedFile[] = [];
  const seen = new Map<string, number>();
  data.files.forEach((f, i) => {
    const norm = normalizeRelativePath(f.path);
    if (!norm.ok) {
      addError(`files.${i}.path`, norm.error);
      return;
    }
    const prev = seen.get(norm.path);
    if (prev !== undefined) {
      addError("files", `Two files have the same path "${norm.path}" (files ${prev + 1} and ${i + 1}): rename or remove one`);
      return;
    }
    seen.set(norm.path, i);
    files.push({ path: norm.path, remotePath: `${folder}/${norm.path}`, mountedPath: `${ARTIFACTS_MOUNT_PATH}/${norm.path}` });
  });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const folders = new Set<string>();
  for (const f of files) {
    const parts = f.path.split("/");
    for (let k = 1; k < parts.length; k += 1) folders.add(parts.slice(0, k).join("/"));
  }

  // Entry script.
  const scriptNorm = normalizeRelativePath(data.script);
  const script = scriptNorm.ok ? byPath.get(scriptNorm.path) : undefined;
  if (!script) addError("script", `The script "${data.script}" is not among the dropped files`);

  // Arguments: forwarded verbatim, except attached file paths rewritten to /data/… (§9.3 step 5).
  const resolveLocal = (value: string): string | null => {
    const n = normalizeRelativePath(value);
    if (!n.ok) return null;
    const file = byPath.get(n.path);
    if (file) return file.mountedPath;
    if (folders.has(n.path.replace(/\/$/, ""))) return `${ARTIFACTS_MOUNT_PATH}/${n.path.replace(/\/$/, "")}`;
    return null;
  };
  const args = data.args.map((arg) => {
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

  // Image (B08): validated as a Docker reference or a Space, never as a CLI string.
  let dockerImage: string | undefined;
  let spaceId: string | undefined;
  const image = data.image || DEFAULT_IMAGE;
  const spacePrefix = SPACE_PREFIXES.find((p) => image.startsWith(p));
  if (spacePrefix) {
    spaceId = image.slice(spacePrefix.length).replace(/\/+$/, "");
    if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(spaceId)) addError("image", `"${image}" does not name a Space (hf.co/spaces/owner/name)`);
  } else if (image.startsWith("-")) {
    addError("image", `"${image}" is not an image name: it starts with "-"`);
  } else if (!IMAGE_RE.test(image)) {
    addError("image", `"${image}" is not a valid image reference (e.g. ghcr.io/astral-sh/uv:python3.12-bookworm)`);
  } else {
    dockerImage = image;
  }

  // Dependencies pass verbatim: argv elements, so `>`, `<`, `;`, quotes are safe (B01).
  data.dependencies.forEach((dep, i) => {
    if (dep.startsWith("-")) addError(`dependencies.${i}`, `"${dep}" is not a requirement: it starts with "-"`);
  });
  const python = data.python ? data.python : undefined;
  if (python && !PYTHON_RE.test(python)) addError("python", `"${python}" is not a Python version (e.g. 3.12)`);
  if (!FLAVOR_RE.test(data.flavor)) addError("flavor", `"${data.flavor}" is not a hardware flavor (e.g. cpu-basic)`);

  const command: string[] = ["uv", "run"];
  for (const dep of data.dependencies) command.push("--with", dep);
  if (python) command.push("--python", python);
  if (script) {
    // uv reads inline metadata of an extension-less file only with --script (astral-sh/uv#9483, B15).
    if (!/\.pyw?$/i.test(script.path)) command.push("--script");
    command.push(script.mountedPath);
  }
  command.push(...args);

  // Timeout (B03, C08): always an integer when given; 0/negative/garbage are field errors.
  let timeoutSeconds: number | undefined;
  if (data.timeout) {
    const t = parseTimeout(data.timeout);
    if (t.ok) timeoutSeconds = t.seconds;
    else addError("timeout", t.error);
  }

  // Env and secrets stay apart; secret values go nowhere but `secrets`.
  const secrets: Record<string, string> = { ...data.secrets };
  if (data.useSessionTokenAs) secrets[data.useSessionTokenAs] = options.sessionToken ?? SESSION_TOKEN_PLACEHOLDER;
  for (const key of Object.keys(data.env)) {
    if (!ENV_KEY_RE.test(key)) addError(`env.${key}`, `"${key}" is not a valid variable name (letters, digits, _; not starting with a digit)`);
  }
  for (const key of Object.keys(secrets)) {
    if (!ENV_KEY_RE.test(key)) addError(`secrets.${key}`, `"${key}" is not a valid secret name (letters, digits, _; not starting with a digit)`);
    if (Object.hasOwn(data.env, key)) addError(`secrets.${key}`, `"${key}" is both an environment variable and a secret: keep it in one place`);
  }

  // Labels and the `name` label (§6.3).
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
  if (data.name && Object.hasOwn(data.labels, "name")) {
    addError("labels.name", 'Set the job name either in "Name" or as the "name" label, not both');
  }
  if (data.name) {
    if (!NAME_RE.test(data.name)) addError("name", `The name must be 1–100 characters of letters, digits, ".", "_" or "-"`);
    else labels.name = data.name;
  } else if (!Object.hasOwn(labels, "name") && !fieldErrors["labels.name"]) {
    labels.name = defaultJobName(script?.path ?? data.script, data.args);
  }

  // Volumes: /data belongs to the artifacts folder (§9.3 step 3).
  const volumes: JobSpecVolume[] = [];
  data.volumes.forEach((v, i) => {
    const mount = v.mountPath.replace(/\/+$/, "") || "/";
    if (mount === ARTIFACTS_MOUNT_PATH) {
      addError(`volumes.${i}.mountPath`, RESERVED_MOUNT_MESSAGE);
      return;
    }
    volumes.push({
      type: v.type,
      source: v.source,
      mountPath: mount,
      ...(v.revision ? { revision: v.revision } : {}),
      ...(v.readOnly !== undefined ? { readOnly: v.readOnly } : {}),
      ...(v.path ? { path: v.path } : {}),
    });
  });
  volumes.push({
    type: "bucket",
    source: `${data.namespace}/${ARTIFACTS_BUCKET}`,
    mountPath: ARTIFACTS_MOUNT_PATH,
    path: folder,
    readOnly: false,
  });

  // PEP 723 header of the entry script (B12–B15).
  const meta = options.scriptMetadata;
  if (meta && !meta.ok) addError("script", meta.error.message);
  if (meta?.ok && meta.metadata?.requiresPython) {
    const chosen = python ?? imagePython(image);
    if (chosen) {
      const admits = requiresPythonAdmits(meta.metadata.requiresPython, chosen);
      if (admits === false) {
        warnings.push(
          `The script requires Python ${meta.metadata.requiresPython} but the job uses Python ${chosen}${python ? "" : " (the image's)"}: uv will download another interpreter at start-up, or fail. Set the Python version to one it admits.`,
        );
      }
    }
  }

  // Images and dependencies (B10, B11).
  const allDeps = [...data.dependencies, ...(meta?.ok && meta.metadata ? meta.metadata.dependencies : [])];
  if (allDeps.some((d) => /\bgit\+|@\s*git\+/.test(d)) && image !== DEFAULT_IMAGE && !/astral-sh\/uv/.test(image)) {
    warnings.push(`Some dependencies come from git, and "${image}" may not ship git; the default image ${DEFAULT_IMAGE} has it.`);
  }
  if (/vllm/.test(image) && allDeps.some((d) => /^vllm\b/i.test(d.trim()))) {
    warnings.push(`"vllm" is already in the image ${image}; installing it again from PyPI replaces its CUDA-matched build.`);
  }

  // Schedule (B30) and shared folder across runs (C04).
  let schedule: string | undefined;
  if (data.schedule) {
    const s = checkCron({ schedule: data.schedule.cron, count: 1 });
    if (s.ok) schedule = s.schedule;
    else addError("schedule.cron", s.message);
    warnings.push(
      "Every run of a scheduled job mounts the same /data folder read-write: write outputs under a per-run path (for example /data/runs/<JOB_ID>, read from the JOB_ID environment variable) so runs do not overwrite each other.",
    );
  }

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

type NormalizedPath = { ok: true; path: string } | { ok: false; error: string };

/** `./a//b.txt` → `a/b.txt`; refuses absolute paths, `..`, backslashes and control characters. */
export function normalizeRelativePath(raw: string): NormalizedPath {
  if (raw.startsWith("/")) return { ok: false, error: `"${raw}" must be a relative path` };
  if (raw.includes("\\")) return { ok: false, error: `"${raw}" contains a backslash: use / between folders` };
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, error: `"${raw}" contains a control character` };
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) return { ok: false, error: `"${raw}" must not contain ".."` };
  if (parts.length === 0) return { ok: false, error: "A file needs a name" };
  return { ok: true, path: parts.join("/") };
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
