import { tokenizeArgs } from "./tokenize-args";
import { parseVolumeSpec } from "./hf-volume-spec";
import { optionTable, type OptKey } from "./hf-command-options";
import type { WireVolume } from "./wire-job-spec";

/**
 * Reading `hf jobs … run` command lines (the parse half of ./hf-command.ts). Client-safe, pure.
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

/** A problem in a pasted line; `field` is the option (`--timeout`) or `command` for the line itself. */
export interface HfCommandError {
  field: string;
  message: string;
}

export type ParseHfCommandResult = { ok: true; value: HfCommand } | { ok: false; error: HfCommandError };

/** What the option scan of {@link parseHfCommand} gathers: the option values in order, the rest positional. */
interface ScannedOptions {
  ok: true;
  positional: string[];
  seen: { key: OptKey; name: string; value: string }[];
}

/** The options and positionals of a line as click reads them (`ignore_unknown_options`, `--` ends options). */
function scanOptions(t: readonly string[], table: ReturnType<typeof optionTable>): ScannedOptions | { ok: false; error: HfCommandError } {
  let i = 0;
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
        if (tok.startsWith("--")) return { ok: false, error: { field: name, message: `${name} takes no value` } };
        // `-dq`: click reads each letter as a flag
        for (const ch of attached) {
          const d = table.get(`-${ch}`);
          if (d === undefined || d.value) return { ok: false, error: { field: name, message: `Cannot read the combined flags ${tok}: write them apart` } };
          seen.push({ key: d.key, name: `-${ch}`, value: "" });
        }
      }
      seen.push({ key: def.key, name, value: "" });
      continue;
    }
    let value = attached;
    if (value === undefined) {
      if (i >= t.length) return { ok: false, error: { field: name, message: `${name} needs a value` } };
      value = t[i] as string;
      i += 1;
    }
    seen.push({ key: def.key, name, value });
  }
  return { ok: true, positional, seen };
}

/** What the options said, before the positionals are read. */
interface OptionState {
  out: HfCommand;
  name?: string;
  labelName: boolean;
  uvWith: string[];
  python?: string;
  suspend?: boolean;
  concurrency?: boolean;
}

const optErr = (field: string, message: string): HfCommandError => ({ field, message });

/** Applies one option to `st`; returns the problem, or null. */
function applyOption(st: OptionState, key: OptKey, opt: string, value: string): HfCommandError | null {
  switch (key) {
    case "env":
    case "secrets": {
      const entry = decodeEnvArg(value);
      if (entry === null) return optErr(opt, `\`${opt} ${value}\`: expected KEY=VALUE or KEY (the hf CLI silently ignores this value)`);
      if (key === "env") {
        if (entry.value === null) st.out.envFromEnvironment.push(entry.key);
        else st.out.env[entry.key] = entry.value;
      } else st.out.secrets[entry.key] = entry.value;
      break;
    }
    case "envFile":
      st.out.envFile = value;
      break;
    case "secretsFile":
      st.out.secretsFile = value;
      break;
    case "flavor":
      st.out.flavor = value;
      break;
    case "timeout":
      if (cliTimeoutSeconds(value) === null) return optErr(opt, `\`--timeout ${value}\` is not a duration the hf CLI reads (e.g. 300, 30m, 2h, 1d)`);
      st.out.timeout = value;
      break;
    case "label": {
      const eq = value.indexOf("=");
      const k = eq === -1 ? value : value.slice(0, eq);
      st.out.labels[k] = eq === -1 ? "" : value.slice(eq + 1);
      if (k === "name") st.labelName = true;
      break;
    }
    case "name":
      st.name = value;
      break;
    case "volume": {
      const v = parseVolumeSpec(value);
      if (!v.ok) return optErr(opt, v.error);
      st.out.volumes.push(v.volume);
      break;
    }
    case "detach":
      st.out.detach = true;
      break;
    case "dryRun":
      st.out.dryRun = true;
      break;
    case "expose": {
      if (!/^[+-]?\d+$/.test(value.trim())) return optErr(opt, `\`--expose ${value}\` is not a port number`);
      st.out.expose.push(Number(value.trim()));
      break;
    }
    case "ssh":
      st.out.ssh = true;
      break;
    case "networkGroup":
      st.out.networkGroup = value;
      break;
    case "networkAlias":
      st.out.networkAliases.push(value);
      break;
    case "resourceGroupId":
      st.out.resourceGroupId = value;
      break;
    case "namespace":
      st.out.namespace = value;
      break;
    case "token":
      return optErr(opt, "Leave the token out: the app launches with your signed-in account");
    case "format":
    case "json":
    case "quiet":
      break; // output format of the CLI: nothing to do with the job
    case "image":
      st.out.image = value;
      break;
    case "with":
      st.uvWith.push(value);
      break;
    case "python":
      st.python = value;
      break;
    case "suspend":
      st.suspend = true;
      break;
    case "noSuspend":
      st.suspend = false;
      break;
    case "concurrency":
      st.concurrency = true;
      break;
    case "noConcurrency":
      st.concurrency = false;
      break;
  }
  return null;
}

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
  const scan = scanOptions(t.slice(i), optionTable(kind, scheduled));
  if (!scan.ok) return scan;
  const st: OptionState = {
    out: { kind, command: [], env: {}, envFromEnvironment: [], secrets: {}, labels: {}, volumes: [], expose: [], ssh: false, networkAliases: [], detach: false, dryRun: false },
    labelName: false,
    uvWith: [],
  };
  for (const { key, name: opt, value } of scan.seen) {
    const error = applyOption(st, key, opt, value);
    if (error) return { ok: false, error };
  }
  const { out, name, labelName, uvWith, python, suspend, concurrency } = st;
  const positional = scan.positional;
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
