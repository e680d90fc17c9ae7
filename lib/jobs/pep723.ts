import { parse as parseToml, TomlError } from "smol-toml";

/**
 * Inline script metadata (PEP 723 `# /// script` blocks), read the way uv reads it, so the composer
 * never prefills something uv would refuse or ignore. Client-safe (no I/O).
 *
 * uv's rules (astral-sh/uv `crates/uv-scripts`, `ScriptTag::parse`; field cases B12–B15):
 * - the block opens with a line that is exactly `# /// script` (at the start of the file or of a line);
 * - the following lines are taken while they are `#` alone or start with `# `; the first other line
 *   (including a blank one) ends the comment run;
 * - the block closes at the LAST `# ///` line of that run. No closing line → "unclosed block" error
 *   (B14). A second `# /// name` block glued right after the first is therefore swallowed into the
 *   TOML body and makes it invalid (B13): reported here with a hint to separate the blocks;
 * - the body (each line with its `# ` prefix removed) is TOML; `dependencies` (array of strings) and
 *   `requires-python` (string) are both optional (B12); `[tool]` tables are kept intact.
 * The file extension plays no part (B15).
 */
export interface ScriptMetadata {
  /** PEP 508 requirement strings, verbatim */
  dependencies: string[];
  /** e.g. `>=3.12`, when given */
  requiresPython?: string;
  /** the `[tool]` table as parsed (e.g. `{ uv: { "exclude-newer": "…" } }`), untouched */
  tool?: Record<string, unknown>;
  /** 1-based line numbers of the opening `# /// script` and closing `# ///` lines */
  startLine: number;
  endLine: number;
  /** the TOML body, prefixes removed */
  toml: string;
}

export type ParsePep723Result =
  /** `metadata` is null when the file has no `# /// script` block */
  | { ok: true; metadata: ScriptMetadata | null }
  /** `line` is 1-based, in the script file */
  | { ok: false; error: { message: string; line: number } };

/**
 * Reads the `# /// script` block of a script's text.
 * @returns the metadata, null when there is no block, or an error with a 1-based line number
 */
export function parsePep723(text: string): ParsePep723Result {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l === "# /// script");
  if (start === -1) return { ok: true, metadata: null };

  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line === "#") body.push("");
    else if (line.startsWith("# ")) body.push(line.slice(2));
    else break;
  }
  const closeFromEnd = [...body].reverse().indexOf("///");
  if (closeFromEnd === -1) {
    return {
      ok: false,
      error: {
        message: `Unclosed \`# /// script\` block at line ${start + 1}: every line up to the closing \`# ///\` must start with \`#\` (a blank line ends the block)`,
        line: start + 1,
      },
    };
  }
  const closeIndex = body.length - 1 - closeFromEnd; // index in `body`
  const tomlLines = body.slice(0, closeIndex);
  const endLine = start + 1 + closeIndex + 1;

  // A second block glued to the first: uv reads its marker lines as TOML (astral-sh/uv#12499).
  const innerMarker = tomlLines.findIndex((l) => l === "///" || /^\/\/\/ [A-Za-z0-9-]+$/.test(l));
  if (innerMarker !== -1) {
    const line = start + 2 + innerMarker;
    return {
      ok: false,
      error: {
        message: `Line ${line}: another \`# ///\` block follows the \`# /// script\` block without a blank line, so uv reads it as part of the metadata and refuses the script. Separate the blocks with a blank line.`,
        line,
      },
    };
  }

  const toml = tomlLines.join("\n");
  let data: Record<string, unknown>;
  try {
    data = parseToml(toml) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const line = start + 1 + e.line;
      const first = e.message.split("\n")[0] ?? e.message;
      return { ok: false, error: { message: `Invalid TOML in the \`# /// script\` block at line ${line}: ${first}`, line } };
    }
    throw e;
  }

  const deps = data["dependencies"];
  if (deps !== undefined && !(Array.isArray(deps) && deps.every((d) => typeof d === "string"))) {
    const line = findKeyLine(tomlLines, "dependencies", start);
    return { ok: false, error: { message: `Line ${line}: \`dependencies\` must be an array of strings`, line } };
  }
  const rp = data["requires-python"];
  if (rp !== undefined && typeof rp !== "string") {
    const line = findKeyLine(tomlLines, "requires-python", start);
    return { ok: false, error: { message: `Line ${line}: \`requires-python\` must be a string`, line } };
  }
  const tool = data["tool"];
  return {
    ok: true,
    metadata: {
      dependencies: (deps as string[] | undefined) ?? [],
      ...(typeof rp === "string" ? { requiresPython: rp } : {}),
      ...(tool && typeof tool === "object" ? { tool: tool as Record<string, unknown> } : {}),
      startLine: start + 1,
      endLine,
      toml,
    },
  };
}

function findKeyLine(tomlLines: string[], key: string, start: number): number {
  const i = tomlLines.findIndex((l) => l.trimStart().startsWith(key));
  return i === -1 ? start + 1 : start + 2 + i;
}
