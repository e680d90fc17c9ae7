import type { ComposerFile } from "./dropped-files";

// Which dropped file is the entry script (./derive-composer.ts reads it on every render); the rest of
// the file list's helpers (./dropped-files.ts) come with the drop's chunk (issue 15, item 5).

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
