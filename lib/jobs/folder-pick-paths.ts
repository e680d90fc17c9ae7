/**
 * Job paths for the files of a "Choose folder" pick (an `<input webkitdirectory>`), keeping the
 * folder's own name. Client-safe, pure.
 *
 * Why (issue 13, "Choose folder drops the folder's own name"): the composer today strips a common top
 * folder (components/composer/dropped-files.ts `batchPaths`), so picking `configs/` puts
 * `configs/a/x.yaml` at `/data/a/x.yaml` and an argument written as `configs/a/x.yaml` points at
 * nothing. The browser's `webkitRelativePath` already starts with the picked folder's name
 * (`configs/a/x.yaml`); that path is the job path, unchanged but for normalisation.
 */
export interface FolderPickPath {
  /** the `webkitRelativePath` as given */
  source: string;
  /** `/`-separated path under the job folder (`/data/<path>`), or null when refused */
  path: string | null;
  /** why `path` is null */
  error?: string;
}

/**
 * Maps each `webkitRelativePath` (e.g. `File.webkitRelativePath` of a FileList) to its job path:
 * `\` read as `/`, empty and `.` segments dropped, the top folder KEPT. A path with a `..` segment, or
 * with nothing left, is refused (nothing may land outside the job folder).
 * @param relativePaths one entry per file, in FileList order
 * @returns one entry per input, same order
 */
export function folderPickPaths(relativePaths: readonly string[]): FolderPickPath[] {
  return relativePaths.map((source) => {
    const segments = source.replace(/\\/g, "/").split("/").filter((s) => s !== "" && s !== ".");
    if (segments.length === 0) return { source, path: null, error: `"${source}" names no file` };
    if (segments.includes("..")) return { source, path: null, error: `"${source}" leaves the job folder (..)` };
    if (segments.some((s) => s.includes("\0"))) return { source, path: null, error: `"${source}" contains a NUL byte` };
    return { source, path: segments.join("/") };
  });
}
