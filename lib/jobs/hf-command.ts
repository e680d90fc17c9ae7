import { formatArgs, tokenizeArgs } from "./tokenize-args";
import { formatVolumeSpec, parseVolumeSpec } from "./hf-volume-spec";
import { DEFAULT_UV_IMAGE, SPACE_IMAGE_PREFIXES } from "./wire-job-spec";
import type { WireJobSpec, WireVolume } from "./wire-job-spec";

/**
 * `hf jobs … run` command lines ⇄ the job spec they send. Client-safe, pure.
 *
 * Everything here follows huggingface_hub 2.0.0: the options of `hf jobs run`, `hf jobs uv run`,
 * `hf jobs scheduled run`, `hf jobs scheduled uv run` (`cli/jobs.py`, `cli/_cli_utils.py`), click's
 * parsing of them (options may appear anywhere before a `--`, also after the image/script; unknown
 * options such as `python -c` stay positional: `ignore_unknown_options`), `-e`/`-s` values read with
 * the client's dotenv parser (`utils/_dotenv.py` `load_dotenv`), timeouts as `_create_job_spec`
 * converts them, and the uv argv of `_create_uv_command_env_and_secrets` (hub-jobs-api.md §9.1).
 * Tested against the real CLI (hf-command.cli.test.ts).
 */

/** One `hf jobs` invocation, in the CLI's own terms (what a line says, before any file is read). */
export interface HfCommand {
  /** `run` = `hf jobs run IMAGE COMMAND…`; `uv` = `hf jobs uv run SCRIPT ARGS…` */
  kind: "run" | "uv";
  /** present for `hf jobs scheduled …` */
  schedule?: { schedule: string; suspend?: boolean; concurrency?: boolean };
  /** `run`: the image argument (a Space as `hf.co/spaces/owner/name`); `uv`: `--image` (undefined = the CLI's default) */
  image?: string;
  /** `run`: the command argv */
  command: string[];
  /** `uv`: the script (local path, URL or a command such as `python`), its args, `--with`, `--python` */
  uv?: { script: string; scriptArgs: string[]; with: string[]; python?: string };
  /** `-e K=V`; a bare `-e K` (value from the caller's environment) is listed in `envFromEnvironment` */
  env: Record<string, string>;
  envFromEnvironment: string[];
  /** `-s NAME=value` → value; `-s NAME` → null (the CLI reads it from the caller's environment) */
  secrets: Record<string, string | null>;
  envFile?: string;
  secretsFile?: string;
  flavor?: string;
  /** verbatim (`2h`, `7200`) */
  timeout?: string;
  /** `--name` and `-l name=…` both end here, in `labels.name` */
  labels: Record<string, string>;
  volumes: WireVolume[];
  expose: number[];
  ssh: boolean;
  networkGroup?: string;
  networkAliases: string[];
  resourceGroupId?: string;
  namespace?: string;
  detach: boolean;
  dryRun: boolean;
}

type OptKey =
  | "env" | "secrets" | "envFile" | "secretsFile" | "flavor" | "timeout" | "label" | "name" | "volume"
  | "detach" | "dryRun" | "expose" | "ssh" | "networkGroup" | "networkAlias" | "resourceGroupId"
  | "namespace" | "token" | "format" | "json" | "quiet" | "image" | "with" | "python"
  | "suspend" | "noSuspend" | "concurrency" | "noConcurrency";

interface OptDef {
  key: OptKey;
  value: boolean;
}

/** Which command a line runs, which options it takes (the `--help` of each 2.0.0 command). */
function optionTable(kind: "run" | "uv", scheduled: boolean): Map<string, OptDef> {
  const t = new Map<string, OptDef>();
  const add = (names: string[], key: OptKey, value = true) => names.forEach((n) => t.set(n, { key, value }));
  add(["-e", "--env"], "env");
  add(["-s", "--secrets"], "secrets");
  add(["--env-file"], "envFile");
  add(["--secrets-file"], "secretsFile");
  add(["--flavor"], "flavor");
  add(["--timeout"], "timeout");
  add(["-l", "--label"], "label");
  add(["--name"], "name");
  add(["-v", "--volume"], "volume");
  add(["--dry-run"], "dryRun", false);
  add(["--expose"], "expose");
  add(["--resource-group-id"], "resourceGroupId");
  add(["--namespace"], "namespace");
  add(["--token"], "token");
  add(["--format"], "format");
  add(["--json"], "json", false);
  add(["-q", "--quiet"], "quiet", false);
  if (!scheduled) {
    add(["-d", "--detach"], "detach", false);
    add(["--ssh"], "ssh", false);
    add(["--network-group"], "networkGroup");
    add(["--network-alias"], "networkAlias");
  } else {
    add(["--suspend"], "suspend", false);
    add(["--no-suspend"], "noSuspend", false);
    add(["--concurrency"], "concurrency", false);
    add(["--no-concurrency"], "noConcurrency", false);
  }
  if (kind === "uv") {
    add(["--image"], "image");
    add(["--with"], "with");
    add(["-p", "--python"], "python");
  }
  return t;
}

/** A problem in a pasted line; `field` is the option (`--timeout`) or `command` for the line itself. */
export interface HfCommandError {
  field: string;
  message: string;
}

export type ParseHfCommandResult = { ok: true; value: HfCommand } | { ok: false; error: HfCommandError };

/**
 * Reads a pasted `hf jobs run …`, `hf jobs uv run …`, `hf jobs scheduled run …` or
 * `hf jobs scheduled uv run …` line (a leading `$ ` prompt and `\`-newline continuations are fine).
 * Not supported (an error naming the option): `--token` (never paste tokens), local-folder volumes.
 * @returns the command in the CLI's terms, or the first problem, naming the option
 */
export function parseHfCommand(line: string): ParseHfCommandResult {
  const fail = (field: string, message: string): ParseHfCommandResult => ({ ok: false, error: { field, message } });
  const tokens = tokenizeArgs(line.replace(/^\s*\$\s+/, ""));
  if (!tokens.ok) return fail("command", tokens.error);
  const t = tokens.args;
  let i = 0;
  if (t[i] === "hf") i += 1;
  if (t[i] !== "jobs") return fail("command", "Expected a line starting with `hf jobs`");
  i += 1;
  const scheduled = t[i] === "scheduled";
  if (scheduled) i += 1;
  let kind: "run" | "uv";
  if (t[i] === "run") {
    kind = "run";
    i += 1;
  } else if (t[i] === "uv" && t[i + 1] === "run") {
    kind = "uv";
    i += 2;
  } else {
    return fail("command", `Expected \`hf jobs ${scheduled ? "scheduled " : ""}run\` or \`hf jobs ${scheduled ? "scheduled " : ""}uv run\``);
  }
  const table = optionTable(kind, scheduled);
  const positional: string[] = [];
  const seen: { key: OptKey; name: string; value: string }[] = [];
  let optionsDone = false;
  while (i < t.length) {
    const tok = t[i] as string;
    i += 1;
    if (optionsDone || tok === "-" || !tok.startsWith("-")) {
      positional.push(tok);
      continue;
    }
    if (tok === "--") {
      optionsDone = true;
      continue;
    }
    let name = tok;
    let attached: string | undefined;
    if (tok.startsWith("--")) {
      const eq = tok.indexOf("=");
      if (eq !== -1) {
        name = tok.slice(0, eq);
        attached = tok.slice(eq + 1);
      }
    } else if (tok.length > 2) {
      name = tok.slice(0, 2);
      attached = tok.slice(2);
    }
    const def = table.get(name);
    if (def === undefined) {
      // click with ignore_unknown_options keeps it as an argument (e.g. `python -c …`)
      positional.push(tok);
      continue;
    }
    if (!def.value) {
      if (attached !== undefined) {
        if (tok.startsWith("--")) return fail(name, `${name} takes no value`);
        // `-dq`: click reads each letter as a flag
        for (const ch of attached) {
          const d = table.get(`-${ch}`);
          if (d === undefined || d.value) return fail(name, `Cannot read the combined flags ${tok}: write them apart`);
          seen.push({ key: d.key, name: `-${ch}`, value: "" });
        }
      }
      seen.push({ key: def.key, name, value: "" });
      continue;
    }
    let value = attached;
    if (value === undefined) {
      if (i >= t.length) return fail(name, `${name} needs a value`);
      value = t[i] as string;
      i += 1;
    }
    seen.push({ key: def.key, name, value });
  }

  const out: HfCommand = {
    kind,
    command: [],
    env: {},
    envFromEnvironment: [],
    secrets: {},
    labels: {},
    volumes: [],
    expose: [],
    ssh: false,
    networkAliases: [],
    detach: false,
    dryRun: false,
  };
  let name: string | undefined;
  let labelName = false;
  const uvWith: string[] = [];
  let python: string | undefined;
  let suspend: boolean | undefined;
  let concurrency: boolean | undefined;
  for (const { key, name: opt, value } of seen) {
    switch (key) {
      case "env":
      case "secrets": {
        const entry = decodeEnvArg(value);
        if (entry === null) return fail(opt, `\`${opt} ${value}\`: expected KEY=VALUE or KEY (the hf CLI silently ignores this value)`);
        if (key === "env") {
          if (entry.value === null) out.envFromEnvironment.push(entry.key);
          else out.env[entry.key] = entry.value;
        } else out.secrets[entry.key] = entry.value;
        break;
      }
      case "envFile":
        out.envFile = value;
        break;
      case "secretsFile":
        out.secretsFile = value;
        break;
      case "flavor":
        out.flavor = value;
        break;
      case "timeout":
        if (cliTimeoutSeconds(value) === null) return fail(opt, `\`--timeout ${value}\` is not a duration the hf CLI reads (e.g. 300, 30m, 2h, 1d)`);
        out.timeout = value;
        break;
      case "label": {
        const eq = value.indexOf("=");
        const k = eq === -1 ? value : value.slice(0, eq);
        out.labels[k] = eq === -1 ? "" : value.slice(eq + 1);
        if (k === "name") labelName = true;
        break;
      }
      case "name":
        name = value;
        break;
      case "volume": {
        const v = parseVolumeSpec(value);
        if (!v.ok) return fail(opt, v.error);
        out.volumes.push(v.volume);
        break;
      }
      case "detach":
        out.detach = true;
        break;
      case "dryRun":
        out.dryRun = true;
        break;
      case "expose": {
        if (!/^[+-]?\d+$/.test(value.trim())) return fail(opt, `\`--expose ${value}\` is not a port number`);
        out.expose.push(Number(value.trim()));
        break;
      }
      case "ssh":
        out.ssh = true;
        break;
      case "networkGroup":
        out.networkGroup = value;
        break;
      case "networkAlias":
        out.networkAliases.push(value);
        break;
      case "resourceGroupId":
        out.resourceGroupId = value;
        break;
      case "namespace":
        out.namespace = value;
        break;
      case "token":
        return fail(opt, "Leave the token out: the app launches with your signed-in account");
      case "format":
      case "json":
      case "quiet":
        break; // output format of the CLI: nothing to do with the job
      case "image":
        out.image = value;
        break;
      case "with":
        uvWith.push(value);
        break;
      case "python":
        python = value;
        break;
      case "suspend":
        suspend = true;
        break;
      case "noSuspend":
        suspend = false;
        break;
      case "concurrency":
        concurrency = true;
        break;
      case "noConcurrency":
        concurrency = false;
        break;
    }
  }
  if (name !== undefined) {
    if (labelName) return fail("--name", "--name and --label name=... cannot both be provided.");
    out.labels["name"] = name;
  }
  // uv: the group may come from the script's [tool.hf-jobs] table; checked after the merge (preflight checkNetwork)
  if (kind === "run" && out.networkAliases.length > 0 && out.networkGroup === undefined) {
    return fail("--network-alias", "`--network-alias` requires `--network-group`.");
  }
  const rest = [...positional];
  if (scheduled) {
    const schedule = rest.shift();
    if (schedule === undefined) return fail("schedule", "Missing the SCHEDULE argument");
    out.schedule = { schedule, ...(suspend !== undefined ? { suspend } : {}), ...(concurrency !== undefined ? { concurrency } : {}) };
  }
  if (kind === "run") {
    const image = rest.shift();
    if (image === undefined) return fail("image", "Missing the IMAGE argument");
    if (rest.length === 0) return fail("command", "Missing the COMMAND argument");
    out.image = image;
    out.command = rest;
  } else {
    const script = rest.shift();
    if (script === undefined) return fail("script", "Missing the SCRIPT argument");
    out.uv = { script, scriptArgs: rest, with: uvWith, ...(python !== undefined ? { python } : {}) };
  }
  return { ok: true, value: out };
}

/**
 * Seconds as the Python client converts `--timeout` (`_create_job_spec`): a trailing `s|m|h|d`
 * multiplies a float, the product truncated; otherwise an integer. null when the client would fail.
 */
export function cliTimeoutSeconds(text: string): number | null {
  const factors: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
  const unit = text.slice(-1);
  const factor = factors[unit];
  if (factor !== undefined) {
    const num = text.slice(0, -1).trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) return null;
    return Math.trunc(Number(num) * factor);
  }
  const trimmed = text.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * One `-e`/`-s` value as the client's dotenv parser reads it (`utils/_dotenv.py` `load_dotenv`):
 * `KEY=value`, `KEY="va\"lue"` (escapes `\n \t \" \\ \$`), `KEY='literal'`, `KEY` alone (value from the
 * caller's environment: `null`); an unquoted value is trimmed and ends at ` #`.
 * @returns null for what the parser skips (e.g. a key starting with a digit)
 */
export function decodeEnvArg(arg: string): { key: string; value: string | null } | null {
  const lines = arg.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  // The CLI updates its map with every line; a pasted value with one line is the normal case.
  if (lines.length !== 1) return null;
  const l = lines[0] as string;
  const m = /^(?:export[^\S\n]+)?([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(l);
  if (m === null) return null;
  const key = m[1] as string;
  let rest = m[2] as string;
  if (!/^[^\S\n]*=/.test(rest)) {
    return /^[^\S\n]*(#.*)?$/.test(rest) ? { key, value: null } : null;
  }
  rest = rest.replace(/^[^\S\n]*=[^\S\n]*/, "");
  const dq = /^"((?:\\"|[^"])*)"[^\S\n]*(?:#.*)?$/s.exec(rest);
  if (dq) return { key, value: (dq[1] as string).replace(/\\(.)/g, (all, c: string) => DQ_ESCAPES[c] ?? all) };
  const sq = /^'((?:\\'|[^'])*)'[^\S\n]*(?:#.*)?$/s.exec(rest);
  if (sq) return { key, value: sq[1] as string };
  const unquoted = rest.replace(/[^\S\n]+#.*$/, "").trim();
  return { key, value: unquoted };
}

const DQ_ESCAPES: Record<string, string> = { n: "\n", t: "\t", '"': '"', "\\": "\\", $: "$" };

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

/**
 * The wire spec the Python client sends for a command (`_create_job_spec`, plus for uv the argv of
 * `_create_uv_command_env_and_secrets`). Differences, on purpose: no auto-generated `name` label
 * (the CLI hashes one when none is given), secrets read from the environment get `""`, env file
 * contents are not read (the caller merges them), uv scripts stay as written (the CLI uploads local
 * files and rewrites them to `/data/…`; the app does that with its own files).
 * @throws never; an unreadable timeout (refused by `parseHfCommand`) is left out
 */
export function jobSpecFromHfCommand(cmd: HfCommand): WireJobSpec {
  const image = cmd.kind === "uv" ? (cmd.image ?? DEFAULT_UV_IMAGE) : (cmd.image ?? "");
  const command =
    cmd.kind === "uv" && cmd.uv
      ? [
          "uv",
          "run",
          ...cmd.uv.with.flatMap((w) => ["--with", w]),
          ...(cmd.uv.python !== undefined ? ["--python", cmd.uv.python] : []),
          cmd.uv.script,
          ...cmd.uv.scriptArgs,
        ]
      : cmd.command;
  const spec: WireJobSpec = { command, arguments: [], environment: { ...cmd.env }, flavor: cmd.flavor ?? "cpu-basic" };
  const secretNames = Object.keys(cmd.secrets);
  if (secretNames.length > 0) spec.secrets = Object.fromEntries(Object.entries(cmd.secrets).map(([k, v]) => [k, v ?? ""]));
  const seconds = cmd.timeout !== undefined ? cliTimeoutSeconds(cmd.timeout) : null;
  if (seconds) spec.timeoutSeconds = seconds; // the client drops a 0 (`if timeout:`)
  if (Object.keys(cmd.labels).length > 0) spec.labels = { ...cmd.labels };
  if (cmd.volumes.length > 0) spec.volumes = cmd.volumes.map((v) => ({ ...v }));
  if (cmd.expose.length > 0) spec.expose = { ports: [...cmd.expose] };
  if (cmd.ssh) spec.ssh = { enabled: true };
  if (cmd.networkGroup) spec.network = { group: cmd.networkGroup, ...(cmd.networkAliases.length > 0 ? { aliases: [...cmd.networkAliases] } : {}) };
  if (cmd.resourceGroupId) spec.resourceGroupId = cmd.resourceGroupId;
  const space = SPACE_IMAGE_PREFIXES.find((p) => image.startsWith(p));
  if (space !== undefined) spec.spaceId = image.slice(space.length);
  else spec.dockerImage = image;
  return spec;
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
