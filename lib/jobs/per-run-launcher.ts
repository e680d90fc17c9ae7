import { parsePep723 } from "./pep723";

/**
 * Per-run outputs for scheduled jobs (issue 13, Deliver 6): every run of a schedule shares one job
 * folder at `/data`, so a tiny Python launcher placed in that folder gives each run its own
 * `/data/runs/<JOB_ID>/`: it makes the folder, exports it as `OUTPUT_DIR`, makes it the working
 * directory, replaces the literal `{OUTPUT_DIR}` inside arguments, and then `exec`s the real program
 * (no shell anywhere: argv in, argv out). Client-safe, pure (it only writes text).
 *
 * `JOB_ID` is set by the Hub in every job (hub-jobs-api.md §6.4 "Built-in variables"; the local Hub
 * sets it too, lib/local-hub/runner/job-service.ts `jobEnv`), so each triggered run (a new job id,
 * hub-jobs-api.md §8.2 `lastJob.id`) gets a new folder. The launcher refuses an id that is not a plain
 * name, so it never writes outside `runs/`.
 *
 * Two shapes:
 * - `uv`: the job runs `uv run [--with …] [--python X] /data/<launcher> ARGS…`; the launcher carries
 *   a copy of the script's PEP 723 block, so uv (and the local Hub's pip fallback) installs the
 *   script's dependencies for the launcher, and the launcher then `exec`s the same interpreter
 *   (`sys.executable`) on the script: same environment, same `__main__`, same `sys.argv[1:]`.
 * - `command`: the job runs `python3 /data/<launcher> PROGRAM ARGS…`, the launcher `execvp`s the
 *   program (so the image needs a `python3`).
 */
export interface PerRunLauncherParams {
  mode: "uv" | "command";
  /** uv mode: the script's path in the job (`/data/train.py`) */
  script?: string;
  /** uv mode: the script's text, whose `# /// script` block (if any) is copied into the launcher */
  scriptText?: string | null;
  /** where the job folder is mounted (default `/data`) */
  mountPath?: string;
  /** make the run folder the working directory (default true) */
  chdir?: boolean;
}

export interface PerRunLauncher {
  /** file name inside the job folder */
  fileName: string;
  /** the file's text (UTF-8) */
  content: string;
}

/** The launcher's name in the job folder. */
export const PER_RUN_LAUNCHER_NAME = "jobs-studio-run.py";

/**
 * Writes the launcher.
 * @throws Error when uv mode has no `script`, or the script's PEP 723 block is broken (uv would refuse it)
 */
export function generatePerRunLauncher(params: PerRunLauncherParams): PerRunLauncher {
  const mountPath = params.mountPath ?? "/data";
  let header = "";
  if (params.mode === "uv") {
    if (params.script === undefined || params.script === "") throw new Error("generatePerRunLauncher: uv mode needs the script's path");
    if (params.scriptText) {
      const parsed = parsePep723(params.scriptText);
      if (!parsed.ok) throw new Error(`generatePerRunLauncher: ${parsed.error.message}`);
      if (parsed.metadata !== null) {
        const lines = params.scriptText.split(/\r?\n/);
        header = `${lines.slice(parsed.metadata.startLine - 1, parsed.metadata.endLine).join("\n")}\n`;
      }
    }
  }
  // JSON string literals are valid Python string literals (same escapes), so paths need no quoting rules of their own.
  const py = (s: string) => JSON.stringify(s);
  const content = `${header}# Made by jobs-studio: gives each run of this job its own output folder, then runs the job.
# OUTPUT_DIR=${mountPath}/runs/<JOB_ID>; "{OUTPUT_DIR}" inside an argument is replaced by it. No shell is used.
import os, re, sys, time

job_id = os.environ.get("JOB_ID") or "local-" + time.strftime("%Y%m%dT%H%M%S", time.gmtime())
if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", job_id) or job_id in (".", ".."):
    sys.exit("jobs-studio launcher: JOB_ID %r is not a plain name" % job_id)
out = os.path.join(${py(mountPath)}, "runs", job_id)
os.makedirs(out, exist_ok=True)
os.environ["OUTPUT_DIR"] = out
${params.chdir === false ? "" : "os.chdir(out)\n"}args = [a.replace("{OUTPUT_DIR}", out) for a in sys.argv[1:]]
sys.stdout.flush()
${
  params.mode === "uv"
    ? `script = ${py(params.script ?? "")}\nos.execv(sys.executable, [sys.executable, script] + args)\n`
    : `if not args:\n    sys.exit("jobs-studio launcher: no command to run")\nos.execvp(args[0], args)\n`
}`;
  return { fileName: PER_RUN_LAUNCHER_NAME, content };
}

/**
 * The job's argv around the launcher.
 * - uv: `["uv","run",…uvOptions, <mount>/<launcher>, …scriptArgs]` (`uvOptions` = `--with`/`--python` as built for the script)
 * - command: `["python3", <mount>/<launcher>, …command]`
 */
export function perRunCommand(
  params:
    | { mode: "uv"; uvOptions: readonly string[]; scriptArgs: readonly string[]; mountPath?: string }
    | { mode: "command"; command: readonly string[]; mountPath?: string },
): string[] {
  const launcher = `${params.mountPath ?? "/data"}/${PER_RUN_LAUNCHER_NAME}`;
  return params.mode === "uv" ? ["uv", "run", ...params.uvOptions, launcher, ...params.scriptArgs] : ["python3", launcher, ...params.command];
}
