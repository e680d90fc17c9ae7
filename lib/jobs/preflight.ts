import { parsePep723 } from "./pep723";
import type { WireVolume } from "./wire-job-spec";

/**
 * Checks run in the composer before anything is sent (issue 13, Deliver 7). Client-safe, pure.
 * Every problem names its form field, so the form shows it next to that field; nothing here throws.
 *
 * The Hub-side rules mirror what the Hub (and the local Hub, lib/local-hub/runner/validate-job-spec.ts)
 * answer 400 for: label keys/values `[A-Za-z0-9._-]` ≤ 100 (hub-jobs-api.md §6.3), env/secret names
 * `[A-Za-z_][A-Za-z0-9_]*` (also the only names `hf`'s dotenv reader accepts), absolute normalized
 * distinct mount paths, `namespace/name` sources, network group ≤ 46 and aliases ≤ 34 lowercase
 * alphanumerics and dashes, aliases unique and only with a group (hub-jobs-2x.md). `/data` is the
 * job folder's mount whenever files are uploaded (`hf jobs uv run`'s `HF_JOBS_ARTIFACTS_MOUNT_PATH`,
 * hub-jobs-api.md §9.3 step 3). Repos (model/dataset/space) mount read-only (§5).
 */
export interface PreflightProblem {
  /** form field: `script`, `files[2]`, `flavor`, `volumes[0].mountPath`, `labels.team`, `name`, `env.KEY`, `secrets.NAME`, `network.group`, `network.aliases[1]` */
  field: string;
  message: string;
}

/** One file as the composer holds it. */
export interface PreflightFile {
  /** job path under the job folder (`configs/a.yaml`) */
  path: string;
  size: number;
  /** the text of small text files (null: too large or binary) */
  text: string | null;
  /** where it came from, for messages: the dropped name, `webkitRelativePath`, or "drop 2: a.py" */
  source: string;
}

export interface PreflightParams {
  /** `uv` = `uv run … /data/<script>`; `command` = an image with a typed command */
  mode: "uv" | "command";
  files: readonly PreflightFile[];
  /** job path of the entry script; required in uv mode, optional in command mode (a file the command runs) */
  entryScript?: string | null;
  flavor: string;
  /** the hardware names the Hub lists (GET /api/jobs/hardware), e.g. from listJobHardware */
  flavors: readonly string[];
  volumes?: readonly WireVolume[];
  /** the job folder's mount path when files are uploaded (default `/data`); null when nothing is uploaded */
  artifactsMountPath?: string | null;
  /** the `name` label, separately as the form has it */
  name?: string;
  labels?: Readonly<Record<string, string>>;
  env?: Readonly<Record<string, string>>;
  /** name → value; null or "" = no value yet */
  secrets?: Readonly<Record<string, string | null>>;
  networkGroup?: string;
  networkAliases?: readonly string[];
}

export interface PreflightResult {
  ok: boolean;
  problems: PreflightProblem[];
}

const LABEL_RE = /^[A-Za-z0-9._-]{0,100}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SOURCE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NETWORK_GROUP_RE = /^[a-z0-9-]{1,46}$/;
const NETWORK_ALIAS_RE = /^[a-z0-9-]{1,34}$/;

/** Runs every rule below; `ok` when there is no problem. */
export function preflightJob(params: PreflightParams): PreflightResult {
  const problems = [
    ...checkDuplicatePaths(params.files),
    ...checkEntryScript(params),
    ...checkFlavor({ flavor: params.flavor, flavors: params.flavors }),
    ...checkVolumes({
      volumes: params.volumes ?? [],
      artifactsMountPath: params.files.length > 0 ? (params.artifactsMountPath === undefined ? "/data" : params.artifactsMountPath) : null,
    }),
    ...checkLabels({ labels: params.labels ?? {}, name: params.name }),
    ...checkEnv({ env: params.env ?? {}, secrets: params.secrets ?? {} }),
    ...checkNetwork({ group: params.networkGroup, aliases: params.networkAliases ?? [] }),
  ];
  return { ok: problems.length === 0, problems };
}

/** Two files with one job path: an error naming both sources (never a silent replacement). */
export function checkDuplicatePaths(files: readonly PreflightFile[]): PreflightProblem[] {
  const first = new Map<string, number>();
  const problems: PreflightProblem[] = [];
  files.forEach((f, i) => {
    const j = first.get(f.path);
    if (j === undefined) {
      first.set(f.path, i);
      return;
    }
    const other = files[j] as PreflightFile;
    problems.push({
      field: `files[${i}]`,
      message: `Two files would land at /data/${f.path}: "${other.source}" and "${f.source}". Remove one or rename it.`,
    });
  });
  return problems;
}

/**
 * The entry script: present in the files; not empty (0 bytes); a `.py` file or a file with a PEP 723
 * `# /// script` block (what `uv run` runs as a script), and in command mode also a `#!` script.
 */
export function checkEntryScript({ mode, files, entryScript }: Pick<PreflightParams, "mode" | "files" | "entryScript">): PreflightProblem[] {
  if (entryScript === undefined || entryScript === null || entryScript === "") {
    return mode === "uv" ? [{ field: "script", message: "Choose the script to run" }] : [];
  }
  const file = files.find((f) => f.path === entryScript);
  if (file === undefined) return [{ field: "script", message: `${entryScript} is not among the job's files` }];
  if (file.size === 0) return [{ field: "script", message: `${entryScript} is empty (0 bytes): there is nothing to run` }];
  const isPy = entryScript.toLowerCase().endsWith(".py");
  const hasBlock = file.text !== null && hasPep723Block(file.text);
  const hasShebang = file.text !== null && file.text.startsWith("#!");
  if (isPy || hasBlock || (mode === "command" && hasShebang)) return [];
  const allowed = mode === "command" ? "a Python file (.py), a file with a `# /// script` block, or a script starting with #!" : "a Python file (.py) or a file with a `# /// script` block";
  return [{ field: "script", message: `${entryScript} cannot be the entry script: it must be ${allowed}` }];
}

function hasPep723Block(text: string): boolean {
  const r = parsePep723(text);
  // a broken block is still a block: its own error is shown by the header reader
  return !r.ok || r.metadata !== null;
}

/** The flavor must be one the Hub lists. */
export function checkFlavor({ flavor, flavors }: { flavor: string; flavors: readonly string[] }): PreflightProblem[] {
  if (flavors.includes(flavor)) return [];
  return [{ field: "flavor", message: `Unknown hardware "${flavor}"; choose one of ${flavors.join(", ")}` }];
}

/**
 * Volumes: `namespace/name` sources; absolute, normalized mount paths other than `/`; one volume per
 * mount path; the job folder's mount (`artifactsMountPath`) reserved
 * when files are uploaded; repos read-only; revisions only for repos.
 */
export function checkVolumes({ volumes, artifactsMountPath }: { volumes: readonly WireVolume[]; artifactsMountPath: string | null }): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const seen = new Map<string, number>();
  volumes.forEach((v, i) => {
    const f = `volumes[${i}]`;
    if (!SOURCE_RE.test(v.source)) problems.push({ field: `${f}.source`, message: `"${v.source}" is not a namespace/name ${v.type}` });
    const mp = v.mountPath;
    if (!mp.startsWith("/")) {
      problems.push({ field: `${f}.mountPath`, message: `The mount path must be absolute (start with /), got "${mp}"` });
      return;
    }
    if (mp === "/" || mp.endsWith("/") || mp.includes("//") || mp.split("/").some((s) => s === "." || s === "..")) {
      problems.push({ field: `${f}.mountPath`, message: `"${mp}" must be a plain absolute folder other than / (no "..", "." , "//" or trailing /)` });
      return;
    }
    if (artifactsMountPath !== null && mp === artifactsMountPath) {
      problems.push({ field: `${f}.mountPath`, message: `${artifactsMountPath} is reserved for the job's own files; mount this ${v.type} elsewhere (e.g. /${v.type})` });
      return;
    }
    const j = seen.get(mp);
    if (j !== undefined) {
      problems.push({ field: `${f}.mountPath`, message: `${mp} is already the mount path of volume ${j + 1}: one volume per mount path` });
      return;
    }
    seen.set(mp, i);
    if (v.type !== "bucket" && v.readOnly === false) {
      problems.push({ field: `${f}.readOnly`, message: `A ${v.type} is mounted read-only; only buckets can be read-write` });
    }
    if (v.type === "bucket" && v.revision !== undefined) {
      problems.push({ field: `${f}.revision`, message: "Buckets have no revisions" });
    }
    if (v.path !== undefined && (v.path.startsWith("/") || v.path.split("/").some((s) => s === "." || s === ".."))) {
      problems.push({ field: `${f}.path`, message: `The sub-path must be a folder inside the ${v.type}, without "." or "..", got "${v.path}"` });
    }
  });
  return problems;
}

/** Labels and the name: keys 1–100 and values ≤ 100 characters of A-Z a-z 0-9 . _ -; a name is not empty. */
export function checkLabels({ labels, name }: { labels: Readonly<Record<string, string>>; name?: string }): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  if (name !== undefined) {
    if (name === "") problems.push({ field: "name", message: "Give the job a name, or leave the field out" });
    else if (!LABEL_RE.test(name)) problems.push({ field: "name", message: `"${name}": a name is at most 100 characters of letters, digits, . _ and -` });
    if (labels["name"] !== undefined) problems.push({ field: "labels.name", message: "The name is set twice: as the name and as a `name` label" });
  }
  for (const [k, v] of Object.entries(labels)) {
    if (k === "" || !LABEL_RE.test(k)) problems.push({ field: `labels.${k}`, message: `Label key "${k}": 1 to 100 characters of letters, digits, . _ and -` });
    else if (!LABEL_RE.test(v)) problems.push({ field: `labels.${k}`, message: `Label value "${v}": at most 100 characters of letters, digits, . _ and -` });
  }
  return problems;
}

/** Env and secret names as the Hub (and `hf`'s dotenv reader) accept them; secrets need a value. */
export function checkEnv({ env, secrets }: { env: Readonly<Record<string, string>>; secrets: Readonly<Record<string, string | null>> }): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const k of Object.keys(env)) {
    if (!ENV_NAME_RE.test(k)) problems.push({ field: `env.${k}`, message: `"${k}": names are letters, digits and _, not starting with a digit` });
    if (k in secrets) problems.push({ field: `env.${k}`, message: `${k} is both a variable and a secret; keep one` });
  }
  for (const [k, v] of Object.entries(secrets)) {
    if (!ENV_NAME_RE.test(k)) problems.push({ field: `secrets.${k}`, message: `"${k}": names are letters, digits and _, not starting with a digit` });
    else if (v === null || v === "") problems.push({ field: `secrets.${k}`, message: `${k} needs a value` });
  }
  return problems;
}

/** Network group and aliases (hub-jobs-2x.md, `network`). */
export function checkNetwork({ group, aliases }: { group?: string; aliases: readonly string[] }): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  if (group !== undefined && !NETWORK_GROUP_RE.test(group)) {
    problems.push({ field: "network.group", message: `"${group}": 1 to 46 lowercase letters, digits and dashes` });
  }
  if (aliases.length > 0 && (group === undefined || group === "")) {
    problems.push({ field: "network.aliases", message: "Aliases need a network group" });
  }
  const seen = new Set<string>();
  aliases.forEach((a, i) => {
    if (!NETWORK_ALIAS_RE.test(a)) problems.push({ field: `network.aliases[${i}]`, message: `"${a}": 1 to 34 lowercase letters, digits and dashes` });
    else if (seen.has(a)) problems.push({ field: `network.aliases[${i}]`, message: `"${a}" is given twice` });
    seen.add(a);
  });
  return problems;
}
