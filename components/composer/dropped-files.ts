/**
 * Turning what the browser hands over (drops, the file picker, the folder picker) into the
 * composer's file list. Pure functions, no DOM access, so they are unit-tested in Node. Which file is
 * the entry script is ./entry-script.ts (re-exported here), the one part the form needs before a drop.
 */
export { defaultScript, hasScriptBlock } from "./entry-script";

/** A file in the composer: its relative path (the path the job sees under `/data`) and its bytes. */
export interface ComposerFile {
  /** `/`-separated, no leading `./` or `/`, e.g. `configs/train.yaml` */
  path: string;
  size: number;
  file: File;
  /** the text of small files, read once so the PEP 723 header can be parsed (null when too large or binary) */
  text: string | null;
}

/**
 * Above this total the composer suggests the CLI: the files travel in one request through the app
 * (field case B20, browser memory and one long upload).
 */
export const LARGE_UPLOAD_BYTES = 100 * 1000 * 1000;

/** Files larger than this are never read as text (they cannot be scripts anyone edits by hand). */
export const MAX_TEXT_BYTES = 1024 * 1024;

/**
 * Merges a new batch into the list, appending in order. A path already present is NOT replaced (issue
 * 13, Deliver 7): both files stay, and each clash is returned so the composer shows both; the spec
 * builder refuses two files with one path (lib/jobs/job-spec-fields.ts `planFiles`) until one is removed.
 * @returns the new list and one entry per incoming file whose path was already taken
 */
export function mergeFiles(
  current: readonly ComposerFile[],
  incoming: readonly ComposerFile[],
): { files: ComposerFile[]; duplicates: { path: string; existing: ComposerFile; incoming: ComposerFile }[] } {
  const files = [...current];
  const duplicates: { path: string; existing: ComposerFile; incoming: ComposerFile }[] = [];
  for (const f of incoming) {
    const existing = files.find((g) => g.path === f.path);
    if (existing) duplicates.push({ path: f.path, existing, incoming: f });
    files.push(f);
  }
  return { files, duplicates };
}

/** `1536` → `1.5 KB`; decimal units as the Hub shows sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = "B";
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}
