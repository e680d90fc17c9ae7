/**
 * Turning what the browser hands over (drops, the file picker, the folder picker) into the
 * composer's file list. Pure functions, no DOM access, so they are unit-tested in Node.
 */

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
 * Normalises one path as react-dropzone / file-selector reports it: `./a.py` (plain drop or pick),
 * `/proj/a.py` (folder drop), `proj/a.py` (folder picker's `webkitRelativePath`), or with `\` on
 * some platforms. Empty segments and `.` are dropped; `..` is refused (null) because nothing may
 * land outside the job's folder.
 */
export function normalizeRelativePath(raw: string): string | null {
  const segments = raw.replace(/\\/g, "/").split("/").filter((s) => s !== "" && s !== ".");
  if (segments.length === 0 || segments.includes("..")) return null;
  return segments.join("/");
}

/**
 * Paths for one batch (one drop or one pick). When every file of the batch sits in the same top
 * folder (the user dropped or picked one folder), that folder is stripped, so dropping `proj/`
 * behaves like dropping its contents: `proj/train.py` runs as `/data/train.py`, the way
 * `hf jobs uv run` mounts a synced folder's content (specs/hub-jobs-api.md §9.4).
 * @returns one entry per input, `path: null` for a refused path; `strippedFolder` names the folder removed
 */
export function batchPaths(rawPaths: readonly string[]): { paths: (string | null)[]; strippedFolder: string | null } {
  const normalized = rawPaths.map(normalizeRelativePath);
  const firstSegments = new Set(normalized.map((p) => (p && p.includes("/") ? p.split("/")[0] : null)));
  const [only] = [...firstSegments];
  if (firstSegments.size !== 1 || only === null || only === undefined) return { paths: normalized, strippedFolder: null };
  return { paths: normalized.map((p) => (p === null ? null : p.slice(only.length + 1))), strippedFolder: only };
}

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

/** True for text that carries a PEP 723 `# /// script` block opener (the full parse is lib/jobs/pep723). */
export function hasScriptBlock(text: string | null): boolean {
  return text !== null && /^# \/\/\/ script\s*$/m.test(text);
}

/**
 * The default entry script (issue 6): the `.py` file with a PEP 723 header (the first one, in list
 * order), else the only `.py` file, else a file of any name with a header (field case B15: uv reads
 * a header whatever the extension), else none.
 */
export function defaultScript(files: readonly Pick<ComposerFile, "path" | "text">[]): string | null {
  const py = files.filter((f) => f.path.toLowerCase().endsWith(".py"));
  const withHeader = py.find((f) => hasScriptBlock(f.text));
  if (withHeader) return withHeader.path;
  if (py.length === 1) return py[0].path;
  return files.find((f) => hasScriptBlock(f.text))?.path ?? null;
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
