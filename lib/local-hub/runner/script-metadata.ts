import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";

/** What `uv run` reads from a script's `# /// script` block (PEP 723). */
export interface ScriptMetadata {
  /** PEP 508 requirement strings, verbatim */
  dependencies: string[];
  /** e.g. `>=3.11`, when given */
  requiresPython: string | null;
  /** keys of `[tool.uv]` (settings the local Hub's fallback does not honour), e.g. `["exclude-newer"]` */
  uvSettings: string[];
}

/** Largest script the runner reads to find its header (a header far down a bigger file is not seen). */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

/**
 * Parses the `# /// script` block of a script the way uv does (astral-sh/uv `crates/uv-scripts`,
 * PEP 723 reference regex): the block opens with a line that is exactly `# /// script`, takes the
 * following lines while they are `#` alone or start with `# `, and closes at the last `# ///` of that
 * run; the body, prefixes removed, is TOML.
 * @returns null when the text has no block
 * @throws Error with a message naming the problem (unclosed block, invalid TOML, wrong field types),
 *   as uv refuses such a script
 */
export function parseScriptMetadata(text: string): ScriptMetadata | null {
  const lines = text.split(/\r?\n/);
  const start = lines.indexOf("# /// script");
  if (start === -1) return null;
  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i];
    if (line === "#") body.push("");
    else if (line.startsWith("# ")) body.push(line.slice(2));
    else break;
  }
  const close = body.lastIndexOf("///");
  if (close === -1) throw new Error(`the \`# /// script\` block at line ${start + 1} is not closed by a \`# ///\` line`);
  let data: Record<string, unknown>;
  try {
    data = parseToml(body.slice(0, close).join("\n")) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`the \`# /// script\` block is not valid TOML: ${(err as Error).message.split("\n")[0]}`);
  }
  const deps = data.dependencies ?? [];
  if (!Array.isArray(deps) || !deps.every((d) => typeof d === "string")) throw new Error("`dependencies` in the `# /// script` block must be an array of strings");
  const rp = data["requires-python"] ?? null;
  if (rp !== null && typeof rp !== "string") throw new Error("`requires-python` in the `# /// script` block must be a string");
  const tool = data.tool;
  const uv = typeof tool === "object" && tool !== null ? (tool as Record<string, unknown>).uv : undefined;
  return {
    dependencies: deps as string[],
    requiresPython: rp,
    uvSettings: typeof uv === "object" && uv !== null ? Object.keys(uv) : [],
  };
}

/**
 * Reads the first {@link MAX_SCRIPT_BYTES} of `root/rel` without following a symlink anywhere under
 * `root` (a job may have made any of them): the file is opened with `O_NOFOLLOW | O_NONBLOCK` (no
 * FIFO can block the Hub), must be a regular file, and the path the kernel actually opened
 * (`/proc/self/fd/N`) must be the expected one, which fails when an intermediate folder was a symlink.
 * @param root host folder (trusted, e.g. a bucket folder); `rel` a relative path from the job
 * @returns the text, or null when the file does not exist, is not a regular file or is reached
 *   through a symlink
 */
export function readContainedFile(root: string, rel: string): string | null {
  if (rel === "" || rel.split("/").some((s) => s === ".." || s === "." || s === "") || rel.includes("\0")) return null;
  let expected: string;
  try {
    expected = join(realpathSync(root), rel);
  } catch {
    return null;
  }
  let fd: number;
  try {
    fd = openSync(expected, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile() || readlinkSync(`/proc/self/fd/${fd}`) !== expected) return null;
    const buf = Buffer.alloc(MAX_SCRIPT_BYTES);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n).toString("utf8");
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
