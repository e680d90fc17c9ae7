import { formatArgs, tokenizeArgs } from "./tokenize-args";

/**
 * A command job's command line (`hf jobs run IMAGE COMMAND…`) typed as a shell line and turned into
 * the argv the Hub runs (no shell ever sees it), and back. Client-safe, pure.
 *
 * Quoting is POSIX sh's, nothing is expanded (see `tokenizeArgs` in ./tokenize-args for the exact
 * rules): `python -c "print(6*7)"` → `["python", "-c", "print(6*7)"]`.
 */
export type ParseCommandLineResult =
  | { ok: true; argv: string[] }
  /** `index`: 0-based offset in the text of the opening quote / trailing backslash (-1 for an empty line) */
  | { ok: false; error: { field: string; message: string; index: number } };

/**
 * Splits a typed command line into argv.
 * @param params.text the line as typed (newlines allowed; `\`+newline continues a line)
 * @param params.field the form field named in errors (default `command`)
 * @returns argv (never empty), or an error naming the field and the 1-based position in its message
 */
export function parseCommandLine({ text, field = "command" }: { text: string; field?: string }): ParseCommandLineResult {
  const tokens = tokenizeArgs(text);
  if (!tokens.ok) return { ok: false, error: { field, message: tokens.error, index: tokens.index } };
  if (tokens.args.length === 0) return { ok: false, error: { field, message: "The command is empty", index: -1 } };
  return { ok: true, argv: tokens.args };
}

/**
 * argv → one shell line that a POSIX shell (and `parseCommandLine`) splits back into the same argv.
 * An argument is quoted only when it needs to be (`python -c 'print(6*7)'`); single quotes are used
 * so nothing inside is expanded by a shell the user pastes the line into.
 */
export function formatCommandLine(argv: readonly string[]): string {
  return formatArgs(argv);
}
