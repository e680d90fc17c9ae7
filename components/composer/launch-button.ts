import type { ComposerState } from "./composer-state";

/**
 * The launch button's label and whether it can be pressed: not while a launch is under way (`busy`),
 * nor while an "Edit and re-run" is still loading the earlier job's files (pressing it then would find
 * no files and do nothing visible).
 */
export function launchButton({ busy, mode, rerun }: { busy: boolean; mode: ComposerState["mode"]; rerun: ComposerState["rerun"] }): { label: string; disabled: boolean } {
  if (busy) return { label: mode === "now" ? "Launching…" : "Scheduling…", disabled: true };
  if (rerun?.state === "loading") return { label: "Loading the job to re-run…", disabled: true };
  return { label: mode === "now" ? "Run now" : "Create schedule", disabled: false };
}
