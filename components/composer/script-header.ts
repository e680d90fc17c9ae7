import { DEFAULT_FLAVOR, DEFAULT_IMAGE } from "@/lib/jobs/constants";
import type { ParseHfJobsHeaderResult } from "@/lib/jobs/hf-jobs-header";
import { mergeHfJobsHeader } from "@/lib/jobs/hf-jobs-merge";
import type { VolumeInput } from "@/lib/jobs/schema";
import type { ComposerState } from "./composer-state";
import { nextRowId, rowsToRecord, type KeyValueRow, type SecretRow } from "./rows";

/**
 * The entry script's `[tool.hf-jobs]` table prefilling the form (issue 13, Deliver 2), merged as
 * `hf jobs uv run` 2.x merges it (lib/jobs/hf-jobs-header.ts `mergeHfJobsHeader`): what the user set
 * wins (a field still at its default counts as not set); env, labels and secrets entry by entry.
 * Pure; ./composer-state.ts applies it for the `scriptHeaderRead` action.
 */

/** What the script's table did to the form: which fields it filled, or why it could not be read. */
export interface ScriptHeaderState {
  /** `path:size` of the script the table was read from (read once per script) */
  key: string;
  /** the CLI's notation: `flavor`, `timeout`, `env.KEY`, `labels.KEY`, `secrets.NAME`, `volumes./mnt` */
  fromScript: string[];
  /** the table's error (an unknown key names the valid ones), shown on the entry script; blocks the launch */
  error: string | null;
  /** the table's volumes, carried into the spec (the composer has no volume editor yet) */
  volumes: VolumeInput[];
}

const toRows = (record: Record<string, string>): KeyValueRow[] => Object.entries(record).map(([key, value]) => ({ id: nextRowId(), key, value }));

/** Applies a read table to the state; a script without a table leaves the form as it is. */
export function applyScriptHeader(state: ComposerState, key: string, result: ParseHfJobsHeaderResult): ComposerState {
  if (!result.ok) return { ...state, scriptHeader: { key, fromScript: [], error: `[tool.hf-jobs]: ${result.error.message}`, volumes: [] } };
  if (result.header === null) return { ...state, scriptHeader: { key, fromScript: [], error: null, volumes: [] } };
  const secretsNow = Object.fromEntries(state.secretRows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value === "" ? null : r.value]));
  const { values, fromScript, secretsNeedingValue } = mergeHfJobsHeader({
    header: result.header,
    user: {
      ...(state.image !== DEFAULT_IMAGE && state.image.trim() !== "" ? { image: state.image } : {}),
      ...(state.flavor !== DEFAULT_FLAVOR ? { flavor: state.flavor } : {}),
      ...(state.python.trim() !== "" ? { python: state.python } : {}),
      ...(state.timeoutText.trim() !== "" ? { timeout: state.timeoutText } : {}),
      ...(state.name.trim() !== "" ? { name: state.name } : {}),
      env: rowsToRecord(state.envRows),
      labels: rowsToRecord(state.labelRows),
      secrets: secretsNow,
    },
  });
  const { name, ...labels } = values.labels;
  const newSecretRows: SecretRow[] = secretsNeedingValue
    .filter((n) => !state.secretRows.some((r) => r.key.trim() === n))
    .map((n) => ({ id: nextRowId(), key: n, value: "", fromSession: false, sealed: false, mustReenter: true }));
  return {
    ...state,
    image: values.image ?? state.image,
    flavor: values.flavor ?? state.flavor,
    python: values.python ?? state.python,
    timeoutText: values.timeout ?? state.timeoutText,
    name: name ?? state.name,
    envRows: toRows(values.env),
    labelRows: toRows(labels),
    secretRows: [...state.secretRows, ...newSecretRows],
    scriptHeader: {
      key,
      fromScript,
      error: null,
      volumes: values.volumes
        .filter((v) => fromScript.includes(`volumes.${v.mountPath}`))
        .map((v) => ({ type: v.type, source: v.source, mountPath: v.mountPath, ...(v.revision ? { revision: v.revision } : {}), ...(v.readOnly !== undefined ? { readOnly: v.readOnly } : {}), ...(v.path ? { path: v.path } : {}) })),
    },
  };
}
