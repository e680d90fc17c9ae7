import { ARTIFACTS_MOUNT_PATH } from "./constants";

/** The fields of a uv job's `command` (specs/hub-jobs-api.md §9.1), paths relative to `/data`. */
export interface ParsedUvCommand {
  dependencies: string[];
  python: string | null;
  /** relative to /data when it was under it, else as written (a URL or a command) */
  script: string | null;
  args: string[];
}

/**
 * Reads `uv run (--with dep)* (--python v)? (--script)? <script> args…` back into fields; `/data/x`
 * (alone or after `--flag=`) becomes `x`. Null when the command is not a `uv run` command. Client-safe;
 * the inverse of lib/jobs/job-spec-fields.ts `uvCommand` (used by lib/jobs/launch-input-of.ts).
 */
export function parseUvCommand(command: readonly string[]): ParsedUvCommand | null {
  if (command[0] !== "uv" || command[1] !== "run") return null;
  const dependencies: string[] = [];
  let python: string | null = null;
  let i = 2;
  for (;;) {
    if (command[i] === "--with" && i + 1 < command.length) {
      dependencies.push(command[i + 1]);
      i += 2;
    } else if (command[i] === "--python" && i + 1 < command.length) {
      python = command[i + 1];
      i += 2;
    } else if (command[i] === "--script") {
      i += 1;
    } else break;
  }
  const prefix = `${ARTIFACTS_MOUNT_PATH}/`;
  const unmount = (arg: string): string => {
    if (arg.startsWith(prefix)) return arg.slice(prefix.length);
    const flag = /^(--?[A-Za-z0-9][\w.-]*=)(.+)$/.exec(arg);
    return flag && flag[2].startsWith(prefix) ? `${flag[1]}${flag[2].slice(prefix.length)}` : arg;
  };
  const script = command[i] ?? null;
  return { dependencies, python, script: script === null ? null : unmount(script), args: command.slice(i + 1).map(unmount) };
}
