import type { JobSpec } from "@/lib/hub/job-spec";
import { ARTIFACTS_MOUNT_PATH } from "./constants";
import type { PlannedFile } from "./job-spec-fields";
import { generatePerRunLauncher, PER_RUN_LAUNCHER_NAME, perRunCommand } from "./per-run-launcher";

/** A spec whose runs each get `/data/runs/<JOB_ID>/`, and the launcher file to upload beside the job's files. */
export type PerRunOutputs =
  | { ok: true; spec: JobSpec; files: PlannedFile[]; launcher: { path: string; content: string } }
  | { ok: false; field: string; message: string };

/**
 * Turns a uv job spec into one whose every run writes to its own folder (issue 13, Deliver 6): the
 * launcher of lib/jobs/per-run-launcher.ts goes into the job folder, and the command becomes
 * `uv run [--with …] [--python X] /data/jobs-studio-run.py ARGS…` (perRunCommand), so each triggered
 * run (a new `JOB_ID`, hub-jobs-api.md §6.4) gets `/data/runs/<JOB_ID>/` as `OUTPUT_DIR` and working
 * directory. No shell anywhere. Pure; the caller uploads `launcher` with the other files.
 * @param p.scriptMountedPath the entry script as the job sees it (`/data/train.py`), which must be in `spec.command`
 * @param p.scriptText the script's text (its PEP 723 block is copied into the launcher), or null
 * @returns the new spec and file list, or an error naming the field (`files` when a dropped file
 *   already has the launcher's name; `script` when the command has no script)
 */
export function withPerRunOutputs(p: { spec: JobSpec; files: readonly PlannedFile[]; folder: string; scriptMountedPath: string; scriptText: string | null }): PerRunOutputs {
  if (p.files.some((f) => f.path === PER_RUN_LAUNCHER_NAME)) {
    return { ok: false, field: "files", message: `"${PER_RUN_LAUNCHER_NAME}" is the name of the per-run launcher: rename your file, or turn per-run outputs off` };
  }
  const command = p.spec.command ?? [];
  const at = command.indexOf(p.scriptMountedPath, 2);
  if (command[0] !== "uv" || command[1] !== "run" || at < 0) return { ok: false, field: "script", message: "Per-run outputs need a uv script as the entry point" };
  let launcher;
  try {
    launcher = generatePerRunLauncher({ mode: "uv", script: p.scriptMountedPath, scriptText: p.scriptText, mountPath: ARTIFACTS_MOUNT_PATH });
  } catch (e) {
    return { ok: false, field: "script", message: e instanceof Error ? e.message : String(e) };
  }
  // `--script` is for extension-less entry files; the launcher is a .py file.
  const uvOptions = command.slice(2, at).filter((a) => a !== "--script");
  const newCommand = perRunCommand({ mode: "uv", uvOptions, scriptArgs: command.slice(at + 1), mountPath: ARTIFACTS_MOUNT_PATH });
  const file: PlannedFile = { path: launcher.fileName, remotePath: `${p.folder}/${launcher.fileName}`, mountedPath: `${ARTIFACTS_MOUNT_PATH}/${launcher.fileName}` };
  return { ok: true, spec: { ...p.spec, command: newCommand }, files: [...p.files, file], launcher: { path: launcher.fileName, content: launcher.content } };
}
