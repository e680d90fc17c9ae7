import type { AddError, FilePlan } from "./job-spec-fields";
import { scriptArgs } from "./job-spec-fields";
import type { ParsedLaunchInput } from "./schema";

/**
 * The validators of the command-job fields (issue 13, Deliver 1), beside lib/jobs/job-spec-fields.ts
 * and used by lib/jobs/build-job-spec.ts. Client-safe, no I/O.
 *
 * A command job is `hf jobs run IMAGE COMMAND…` (specs/hub-jobs-api.md §4, hub-jobs-2x.md): the spec's
 * `command` is the typed argv, `arguments: []`; the app still uploads the dropped files to the job
 * folder mounted at `/data` and rewrites the paths of dropped files in the argv, as for uv.
 */

/** `files` and `script`: a uv job needs at least one file and its entry script; a command job neither. */
export function requiredFiles(data: Pick<ParsedLaunchInput, "kind" | "files" | "script">, addError: AddError): void {
  if (data.kind === "command") return;
  if (data.files.length === 0) addError("files", "Drop at least one file");
  if (data.script === "") addError("script", "Choose the script to run");
}

/**
 * `commandArgv`: the command job's argv, never empty, first element not an option; each element that
 * names a dropped file (or `--flag=<file>`) becomes `/data/<file>`, as `scriptArgs` does for uv.
 * @returns the argv for the spec's `command`
 */
export function commandJobArgv(argv: readonly string[], plan: FilePlan, addError: AddError, warnings: string[]): string[] {
  if (argv.length === 0) {
    addError("commandArgv", "Type the command to run, e.g. python -c \"print(6*7)\"");
    return [];
  }
  const first = argv[0] as string;
  if (first.startsWith("-")) addError("commandArgv", `The command starts with "${first}": give the program first (e.g. python)`);
  return scriptArgs(argv, plan, warnings);
}
