import { cliTimeoutSeconds, type HfCommand } from "./hf-command-parse";
import { DEFAULT_UV_IMAGE, SPACE_IMAGE_PREFIXES } from "./wire-job-spec";
import type { WireJobSpec } from "./wire-job-spec";


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

export { parseHfCommand, cliTimeoutSeconds, decodeEnvArg } from "./hf-command-parse";
export type { HfCommand, HfCommandError, ParseHfCommandResult } from "./hf-command-parse";
export { encodeEnvValue, formatHfCommand, uvFromCommand, LONG_ENV_VALUE } from "./hf-command-format";
export type { FormatHfCommandParams, FormatHfCommandResult } from "./hf-command-format";

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
