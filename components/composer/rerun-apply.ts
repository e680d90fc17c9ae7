import { formatCommandLine } from "@/lib/jobs/command-line";
import type { ComposerState } from "./composer-state";
import { rerunSecretRows, type RerunPrefill } from "./rerun";
import { nextRowId, recordToRows } from "./rows";
import { volumeRowsOf } from "./volume-rows";

// "Edit and re-run"'s step of the reducer (./composer-state.ts `rerunLoaded`), shipped with the
// re-run loader (./rerun-load.ts), which the composer fetches only on a re-run page.

/**
 * Fills the form from an earlier job through `prefill.input`, the one mapping of a Hub job back to a
 * launch input (lib/jobs/launch-input-of.ts), so a field the launch gains cannot be forgotten here.
 */
export function applyRerun(state: ComposerState, prefill: RerunPrefill, namespace: string): ComposerState {
  const { input, job } = prefill;
  return {
    ...state,
    files: prefill.files,
    scriptChoice: input.script !== "" ? input.script : state.scriptChoice,
    argsText: prefill.argsText,
    userDeps: input.command ? input.dependencies : state.userDeps,
    python: input.python ?? "",
    image: input.image !== "" ? input.image : state.image,
    flavor: input.flavor,
    timeoutText: input.timeout ?? state.timeoutText,
    envRows: recordToRows(input.env),
    // The names come back, the values never do: each row blocks the launch until typed again.
    secretRows: rerunSecretRows({ secretNames: Object.keys(input.secrets), newId: nextRowId }),
    labelRows: recordToRows(input.labels),
    name: input.name ?? "",
    // The page only passes a namespace of the session's, and the job lives in it.
    namespaceChoice: namespace,
    rerun: { state: "done", title: job.name ?? job.id, notes: prefill.notes },
    // issue 13 items 3–4: volumes, ports and SSH come back; replicas are the launch's, not the job's
    volumeRows: volumeRowsOf(input.volumes),
    exposeText: input.expose.join(", "),
    ssh: input.ssh,
    jobKind: input.kind,
    commandText: input.kind === "command" ? formatCommandLine(input.commandArgv) : state.commandText,
  };
}
