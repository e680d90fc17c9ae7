import { formatArgs } from "./tokenize-args";
import { formatVolumeSpec } from "./hf-volume-spec";
import { DEFAULT_UV_IMAGE } from "./wire-job-spec";
import type { WireJobSpec } from "./wire-job-spec";

/** Writing `hf jobs … run` command lines (the format half of ./hf-command.ts); huggingface_hub 2.0.0. */

/**
 * A value as one `-e KEY=…` argument the client's dotenv parser reads back unchanged: bare when safe,
 * else double-quoted with `\\ \" \n \t` escaped. null when no dotenv spelling exists (a `\r`).
 */
export function encodeEnvValue(value: string): string | null {
  if (value.includes("\r")) return null;
  const bare = value === value.trim() && !/[\n"'\\]|\s#|^#/.test(value) && !value.startsWith("'") && !value.startsWith('"');
  if (bare) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

/** Above this length (or with a line break) an env value goes to the env file hint, not the line. */
export const LONG_ENV_VALUE = 80;

export interface FormatHfCommandParams {
  spec: WireJobSpec;
  /**
   * For a uv job: the script as the user has it locally (`train.py`, a URL, or a command), its
   * arguments (local file names, not `/data/…`), `--with` deps and `--python`. Without it the line is
   * `hf jobs run IMAGE COMMAND…`. `spec.command` is not read for uv jobs.
   */
  uv?: { script: string; scriptArgs: string[]; with: string[]; python?: string };
  schedule?: { schedule: string; suspend?: boolean; concurrency?: boolean };
  namespace?: string;
  /** add `-d` (not for scheduled jobs, which have no such flag) */
  detach?: boolean;
  /** mount path of the app's own job-folder volume (`/data`): left out, as the CLI adds it itself */
  artifactsMountPath?: string;
  /** file name used in the `--env-file` hint (default `job.env`) */
  envFileName?: string;
}

export interface FormatHfCommandResult {
  /** one line, ready to paste in a POSIX shell */
  line: string;
  /** when some env values are long or multi-line: the file to save next to the command */
  envFile?: { name: string; content: string };
  /** secrets the line names (`-s NAME`): the user exports them before running the line */
  secretNames: string[];
  /** things the line cannot say, for the UI to show (e.g. a `\r` in an env value) */
  warnings: string[];
}

/**
 * The `hf jobs [scheduled] [uv] run …` line that makes the official CLI send `spec` (secrets as
 * `-s NAME`, values read from the environment; long env values through `--env-file`). A `--` is put
 * before the image/script whenever a later argument starts with `-`, because click would otherwise
 * take e.g. a `-e` of the command as its own option.
 */
export function formatHfCommand(params: FormatHfCommandParams): FormatHfCommandResult {
  const { spec, uv, schedule } = params;
  const warnings: string[] = [];
  const opts: string[] = [];
  const scheduled = schedule !== undefined;
  if (scheduled) {
    if (schedule.suspend !== undefined) opts.push(schedule.suspend ? "--suspend" : "--no-suspend");
    if (schedule.concurrency !== undefined) opts.push(schedule.concurrency ? "--concurrency" : "--no-concurrency");
  }
  const image = spec.spaceId !== undefined ? `hf.co/spaces/${spec.spaceId}` : (spec.dockerImage ?? "");
  if (uv) {
    if (image !== DEFAULT_UV_IMAGE && image !== "") opts.push("--image", image);
    for (const w of uv.with) opts.push("--with", w);
    if (uv.python !== undefined) opts.push("--python", uv.python);
  }
  if (spec.flavor && spec.flavor !== "cpu-basic") opts.push("--flavor", spec.flavor);
  if (spec.timeoutSeconds) opts.push("--timeout", timeoutArg(spec.timeoutSeconds));
  const envFileLines: string[] = [];
  for (const [k, v] of Object.entries(spec.environment)) {
    const enc = encodeEnvValue(v);
    if (enc === null) {
      warnings.push(`env ${k}: a value with a carriage return cannot be passed to the hf CLI`);
      continue;
    }
    if (v.length > LONG_ENV_VALUE || v.includes("\n")) envFileLines.push(`${k}=${enc}`);
    else opts.push("-e", `${k}=${enc}`);
  }
  const envFileName = params.envFileName ?? "job.env";
  if (envFileLines.length > 0) opts.push("--env-file", envFileName);
  const secretNames = Object.keys(spec.secrets ?? {});
  for (const s of secretNames) opts.push("-s", s);
  const labels = { ...(spec.labels ?? {}) };
  if (labels["name"] !== undefined) {
    opts.push("--name", labels["name"]);
    delete labels["name"];
  }
  for (const [k, v] of Object.entries(labels)) opts.push("-l", v === "" ? k : `${k}=${v}`);
  for (const v of spec.volumes ?? []) {
    if (params.artifactsMountPath !== undefined && v.mountPath === params.artifactsMountPath) continue;
    opts.push("-v", formatVolumeSpec(v));
  }
  for (const p of spec.expose?.ports ?? []) opts.push("--expose", String(p));
  if (spec.ssh?.enabled && !scheduled) opts.push("--ssh");
  else if (spec.ssh?.enabled) warnings.push("ssh: scheduled jobs have no --ssh in the hf CLI");
  if (spec.network) {
    if (scheduled) warnings.push("network: scheduled jobs have no --network-group in the hf CLI");
    else {
      opts.push("--network-group", spec.network.group);
      for (const a of spec.network.aliases ?? []) opts.push("--network-alias", a);
    }
  }
  if (spec.resourceGroupId) opts.push("--resource-group-id", spec.resourceGroupId);
  if (params.namespace !== undefined) opts.push("--namespace", params.namespace);
  if (params.detach && !scheduled) opts.push("-d");

  const head = ["hf", "jobs", ...(scheduled ? ["scheduled"] : []), ...(uv ? ["uv", "run"] : ["run"])];
  const tail = uv ? [uv.script, ...uv.scriptArgs] : [image, ...spec.command];
  const lead = scheduled ? [schedule.schedule] : [];
  const needsDashDash = [...lead, ...tail].some((a) => a.startsWith("-") && a !== "-");
  const argv = [...head, ...opts, ...(needsDashDash ? ["--"] : []), ...lead, ...tail];
  return {
    line: formatArgs(argv),
    ...(envFileLines.length > 0 ? { envFile: { name: envFileName, content: `${envFileLines.join("\n")}\n` } } : {}),
    secretNames,
    warnings,
  };
}

function timeoutArg(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return String(seconds);
}

/**
 * Reads a `uv run` job command back into `hf jobs uv run` terms, for `formatHfCommand`'s `uv`:
 * `["uv","run",("--with",DEP)…,("--python",PY)?,SCRIPT,…ARGS]` exactly as the client builds it
 * (hub-jobs-api.md §9.1). With `artifactsMountPath`, `/data/<file>` in the script and args becomes
 * `<file>`, the local name the CLI would upload and rewrite back. The CLI uploads flat (basenames,
 * §9.2), so a file in a sub-folder is reported in `warnings`.
 * @returns null when the command is not in that shape (other uv options: use `hf jobs run` instead)
 */
export function uvFromCommand({ command, artifactsMountPath }: { command: readonly string[]; artifactsMountPath?: string }): {
  uv: { script: string; scriptArgs: string[]; with: string[]; python?: string };
  warnings: string[];
} | null {
  if (command[0] !== "uv" || command[1] !== "run") return null;
  const deps: string[] = [];
  let python: string | undefined;
  let i = 2;
  while (command[i] === "--with" && i + 1 < command.length) {
    deps.push(command[i + 1] as string);
    i += 2;
  }
  if (command[i] === "--python" && i + 1 < command.length) {
    python = command[i + 1];
    i += 2;
  }
  const script = command[i];
  if (script === undefined || script.startsWith("-")) return null;
  const warnings: string[] = [];
  const local = (a: string) => {
    if (artifactsMountPath === undefined || !a.startsWith(`${artifactsMountPath}/`)) return a;
    const rel = a.slice(artifactsMountPath.length + 1);
    if (rel.includes("/")) warnings.push(`${rel}: the hf CLI uploads files flat, so it would land at ${artifactsMountPath}/${rel.split("/").pop() ?? rel}`);
    return rel;
  };
  return {
    uv: { script: local(script), scriptArgs: command.slice(i + 1).map(local), with: deps, ...(python !== undefined ? { python } : {}) },
    warnings,
  };
}
