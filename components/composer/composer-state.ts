import { DEFAULT_FLAVOR, DEFAULT_IMAGE } from "@/lib/jobs/constants";
import type { SecretFinding } from "@/lib/jobs/secret-lint";
import type { ParseHfJobsHeaderResult } from "@/lib/jobs/hf-jobs-header";
import type { ActionError } from "@/lib/result";
import type { ComposerFile } from "./dropped-files";
import type { PastedForm } from "./hf-command-bridge";
import type { LaunchProgress } from "@/components/api/launch/send-launch";
import type { moveFinding } from "./move-finding";
import type { addFiles } from "./read-drop";
import type { RerunPrefill } from "./rerun";
import type { applyRerun } from "./rerun-apply";
import type { applyScriptHeader, ScriptHeaderState } from "./script-header";
import type { KeyValueRow, SecretRow } from "./rows";
import type { ScheduleState } from "./schedule-state";
import { INITIAL_ACCESS_FIELDS, type AccessFields } from "./access-fields";

/** The "Edit and re-run" banner: loading the source job, loaded (with notes), or failed. */
export type RerunBanner = { state: "loading" } | { state: "done"; title: string; notes: string[] } | { state: "error"; message: string };

/**
 * Everything the composer form holds (issue 12, item 3): the fields as typed, and where the launch
 * stands. Derived values (the input, the spec, the errors) are computed from it by ./composer-model.ts.
 */
export interface ComposerState extends AccessFields {
  files: ComposerFile[];
  /** a sentence about the last drop (folder stripped, files replaced or refused) */
  dropNotice: string | null;
  /** the entry script the user picked; ignored while not among `files` */
  scriptChoice: string | null;
  argsText: string;
  /** null until the user edits the chips: the script's PEP 723 header fills them meanwhile */
  userDeps: string[] | null;
  python: string;
  image: string;
  flavor: string;
  timeoutText: string;
  envRows: KeyValueRow[];
  secretRows: SecretRow[];
  labelRows: KeyValueRow[];
  name: string;
  /** null: follow the header's namespace switcher */
  namespaceChoice: string | null;
  mode: "now" | "schedule";
  schedule: ScheduleState;
  /** a launch was attempted: required-field errors show from now on */
  submitted: boolean;
  serverError: ActionError | null;
  progress: LaunchProgress | null;
  /** set when a launch failed after its files were uploaded: the retry reuses that folder */
  retryFolder: string | null;
  /** the answer was lost and the composer is asking again with the same launch key */
  checking: boolean;
  rerun: RerunBanner | null;
  // --- command jobs (issue 13, Deliver 1) ---
  /** `uv` runs the entry script with `uv run`; `command` runs `commandText` in `image` (hf jobs run) */
  jobKind: "uv" | "command";
  /** the command line as typed (split by lib/jobs/command-line.ts, nothing expanded) */
  commandText: string;
  /** what the last pasted `hf jobs` line said that the form could not take (./hf-command-bridge.ts) */
  pasteNotes: string[] | null;
  /** what the entry script's `[tool.hf-jobs]` table filled in (./script-header.ts); null until read */
  scriptHeader: ScriptHeaderState | null;
}

/** The fields a form control sets directly. */
export type EditableField =
  | "scriptChoice"
  | "argsText"
  | "userDeps"
  | "python"
  | "image"
  | "flavor"
  | "timeoutText"
  | "envRows"
  | "secretRows"
  | "labelRows"
  | "name"
  | "namespaceChoice"
  | "mode"
  | "schedule"
  | "jobKind"
  | "commandText"
  // issue 13 items 3–4 (./volume-rows.ts)
  | keyof AccessFields;

/** What can happen to the composer; `composerReducer` is the only place the state changes. */
export type ComposerAction =
  | { [K in EditableField]: { type: "edit"; field: K; value: ComposerState[K] } }[EditableField]
  /** `apply`: ./read-drop.ts `addFiles`, from the chunk that read the batch (./drop-zone.tsx) */
  | { type: "filesAdded"; files: ComposerFile[]; strippedFolder: string | null; refused: string[]; keptFolder?: string | null; apply: typeof addFiles }
  /** `index`: which of several files with that path (the list's position); absent = every one */
  | { type: "fileRemoved"; path: string; index?: number }
  /** a batch could not be read (./drop-zone.tsx): the sentence shows where the drop's notes do */
  | { type: "dropFailed"; message: string }
  /** `apply`: ./rerun-apply.ts `applyRerun`, from the re-run loader's chunk */
  | { type: "rerunLoaded"; prefill: RerunPrefill; namespace: string; apply: typeof applyRerun }
  | { type: "rerunFailed"; message: string }
  /**
   * `rerunLoaded` above and the three actions below carry the code that applies them (./rerun-apply.ts
   * `applyRerun`, ./move-finding.ts `moveFinding`, ./hf-command-bridge.ts `formFromHfCommand`'s result,
   * ./script-header.ts `applyScriptHeader`): it comes with the chunk of the part that dispatches them
   * (the re-run loader, the spec engine, the hf command tools, the script reader), so the reducer keeps
   * it out of the composer's first-load JS (issue 15, item 5).
   */
  | { type: "findingMoved"; finding: SecretFinding; apply: typeof moveFinding }
  | { type: "submitted" }
  | { type: "progress"; progress: LaunchProgress }
  | { type: "checking"; checking: boolean }
  | { type: "launchFailed"; error: ActionError }
  | { type: "launchSucceeded" }
  /** `form`: `formFromHfCommand(parsed line)` */
  | { type: "hfCommandPasted"; form: PastedForm }
  /** the entry script (`key` = `path:size`) was read for a `[tool.hf-jobs]` table */
  | { type: "scriptHeaderRead"; key: string; result: ParseHfJobsHeaderResult; apply: typeof applyScriptHeader };

/** The empty form; `rerun` starts as loading when the page is an "Edit and re-run". */
export function initialComposerState({ rerun }: { rerun: boolean }): ComposerState {
  return {
    files: [],
    dropNotice: null,
    scriptChoice: null,
    argsText: "",
    userDeps: null,
    python: "",
    image: DEFAULT_IMAGE,
    flavor: DEFAULT_FLAVOR,
    timeoutText: "",
    envRows: [],
    secretRows: [],
    labelRows: [],
    name: "",
    namespaceChoice: null,
    mode: "now",
    schedule: { cron: "@daily", suspend: false, concurrency: false, perRunOutputs: true },
    submitted: false,
    serverError: null,
    progress: null,
    retryFolder: null,
    checking: false,
    rerun: rerun ? { state: "loading" } : null,
    ...INITIAL_ACCESS_FIELDS,
    jobKind: "uv",
    commandText: "",
    pasteNotes: null,
    scriptHeader: null,
  };
}

export { rowsToRecord } from "./rows";

/**
 * The composer's state transitions (pure; row ids come from ./rows.ts `nextRowId`).
 * - `filesAdded` merges a drop (./read-drop.ts `addFiles`: a second file with a taken path is kept beside it and reported) and says what happened;
 * - `rerunLoaded` fills the form from an earlier job (secret values must be typed again);
 * - `findingMoved` moves a token-looking value from args/env into Secrets (field case B28);
 * - `launchSucceeded` forgets every typed secret value.
 */
export function composerReducer(state: ComposerState, action: ComposerAction): ComposerState {
  switch (action.type) {
    case "edit":
      return { ...state, [action.field]: action.value };
    case "filesAdded":
      return action.apply(state, action);
    case "fileRemoved":
      return {
        ...state,
        files: state.files.filter((f, i) => f.path !== action.path || (action.index !== undefined && i !== action.index)),
        dropNotice: null,
        retryFolder: null,
      };
    case "dropFailed":
      return { ...state, dropNotice: action.message };
    case "rerunLoaded":
      return action.apply(state, action.prefill, action.namespace);
    case "rerunFailed":
      return { ...state, rerun: { state: "error", message: action.message } };
    case "findingMoved":
      return action.apply(state, action.finding);
    case "submitted":
      return { ...state, submitted: true, serverError: null };
    case "progress":
      return { ...state, progress: action.progress };
    case "checking":
      return { ...state, checking: action.checking };
    case "launchFailed":
      return {
        ...state,
        progress: { phase: "error", loaded: 0, total: 0 },
        serverError: action.error,
        retryFolder: action.error.folder ?? state.retryFolder,
      };
    case "hfCommandPasted": {
      const { patch, notes } = action.form;
      return { ...state, ...patch, serverError: null, pasteNotes: notes };
    }
    case "scriptHeaderRead":
      return action.apply(state, action.key, action.result);
    case "launchSucceeded":
      return {
        ...state,
        progress: { phase: "done", loaded: 1, total: 1 },
        // Values typed into secrets must not outlive the launch in this page's memory.
        secretRows: state.secretRows.map((r) => ({ ...r, value: "", sealed: true, mustReenter: false })),
      };
  }
}
