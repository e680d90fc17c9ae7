import { folderPickPaths } from "@/lib/jobs/folder-pick-paths";
import type { ComposerState } from "./composer-state";
import { MAX_TEXT_BYTES, formatBytes, mergeFiles, type ComposerFile } from "./dropped-files";

/*
 * Reading one batch of files the drop zone took (./drop-zone.tsx): their job paths and the text of
 * the small ones. Loaded by the zone on the first sign of a drop or a pick (a drag entering the
 * window, the pointer or focus on the zone), so the composer's first-load JS does not carry it
 * (issue 15, item 5). Pure but for reading the files.
 */

/** A file as file-selector hands it over: `path`/`relativePath` set for drops and picks. */
export type FileWithPath = File & { path?: string; relativePath?: string };

/** One batch, read: the files with their job paths, and what the drop zone tells the form about it. */
export interface ReadBatch {
  files: ComposerFile[];
  /** the one top folder of a drop that was stripped (see {@link batchPaths}) */
  strippedFolder: string | null;
  /** names of the files whose path would leave the job folder (not added) */
  refused: string[];
  /** "Choose folder": the picked folder's name, which the paths keep */
  keptFolder: string | null;
}

/**
 * Normalises one path as file-selector (./drop-zone.tsx) reports it: `./a.py` (plain drop or pick),
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
 * Reads a batch: job paths (a drop strips its one top folder, {@link batchPaths}; "Choose folder"
 * keeps the folder's own name, lib/jobs/folder-pick-paths.ts, issue 13) and the text of each file of
 * at most MAX_TEXT_BYTES (for the PEP 723 header; null when unreadable).
 */
export async function readBatch(raw: readonly FileWithPath[], fromFolderPick = false): Promise<ReadBatch> {
  const picked = fromFolderPick ? folderPickPaths(raw.map((f) => f.webkitRelativePath || f.name)) : null;
  const { paths, strippedFolder } = picked
    ? { paths: picked.map((p) => p.path), strippedFolder: null }
    : batchPaths(raw.map((f) => f.relativePath ?? f.path ?? f.webkitRelativePath ?? f.name));
  const keptFolder = picked ? (picked.find((p) => p.path?.includes("/"))?.path?.split("/")[0] ?? null) : null;
  const refused: string[] = [];
  const files: ComposerFile[] = [];
  await Promise.all(
    raw.map(async (file, i) => {
      const path = paths[i];
      if (path === null || path === undefined) {
        refused.push(file.name);
        return;
      }
      const text = file.size <= MAX_TEXT_BYTES ? await file.text().catch(() => null) : null;
      files[i] = { path, size: file.size, file, text };
    }),
  );
  return { files: files.filter(Boolean), strippedFolder, refused, keptFolder };
}

/**
 * The reducer's `filesAdded` (./composer-state.ts): merges a read batch into the list (a second file
 * with a taken path is kept beside it and reported, ./dropped-files.ts `mergeFiles`) and says what
 * happened in `dropNotice`; an earlier launch's error and reusable folder are forgotten. Pure.
 */
export function addFiles(state: ComposerState, batch: Pick<ReadBatch, "files" | "strippedFolder" | "refused"> & { keptFolder?: string | null }): ComposerState {
  const { files, duplicates } = mergeFiles(state.files, batch.files);
  const notes = [
    batch.keptFolder ? `Folder "${batch.keptFolder}/" added: its files are at /data/${batch.keptFolder}/.` : null,
    batch.strippedFolder ? `Folder "${batch.strippedFolder}/" added: its contents are at /data/.` : null,
    ...duplicates.map(
      (d) => `Two files have the path "${d.path}": the one already listed (${formatBytes(d.existing.size)}) and the one just added (${formatBytes(d.incoming.size)}). Remove one before launching.`,
    ),
    batch.refused.length > 0 ? `Skipped ${batch.refused.join(", ")}: the path leaves the folder.` : null,
  ].filter(Boolean);
  return { ...state, files, serverError: null, retryFolder: null, dropNotice: notes.length > 0 ? notes.join(" ") : null };
}
