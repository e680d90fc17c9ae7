/**
 * Quote-aware tokenizer for the composer's free-text "script arguments" field. Client-safe (no I/O).
 *
 * Rules (POSIX shell quoting, with no expansion of any kind, because the result is an argv array and
 * no shell ever sees it; field case B01/B08 in specs/field-cases.md):
 * - unquoted whitespace (space, tab, newline) separates arguments;
 * - `'…'` keeps everything literally (no escapes inside);
 * - `"…"` keeps everything literally except `\"`, `\\`, `\$` and `` \` `` (the backslash is dropped);
 * - an unquoted `\x` yields `x` (a trailing lone `\` is an error); `\`+newline is a line continuation;
 * - `$VAR`, `~`, `*`, `;`, `|`, `>` … are ordinary characters;
 * - `""` and `''` produce an empty argument.
 */
export type TokenizeArgsResult =
  | { ok: true; args: string[] }
  /** `index` is the 0-based offset of the opening quote (or the trailing backslash) */
  | { ok: false; error: string; index: number };

const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', "\\", "$", "`"]);

/**
 * Splits `text` into arguments.
 * @returns `{ok: true, args}`; `{ok: false, error, index}` for an unclosed quote or a trailing backslash
 */
export function tokenizeArgs(text: string): TokenizeArgsResult {
  const args: string[] = [];
  let current = "";
  // An argument exists once any character or quote pair was seen, so `""` yields "".
  let inArg = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      if (inArg) {
        args.push(current);
        current = "";
        inArg = false;
      }
      i += 1;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { ok: false, error: `Unclosed single quote at position ${i + 1}`, index: i };
      current += text.slice(i + 1, end);
      inArg = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      const start = i;
      i += 1;
      let closed = false;
      while (i < text.length) {
        const c = text[i] as string;
        if (c === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (c === "\\" && i + 1 < text.length && DOUBLE_QUOTE_ESCAPABLE.has(text[i + 1] as string)) {
          current += text[i + 1];
          i += 2;
          continue;
        }
        current += c;
        i += 1;
      }
      if (!closed) return { ok: false, error: `Unclosed double quote at position ${start + 1}`, index: start };
      inArg = true;
      continue;
    }
    if (ch === "\\") {
      if (i + 1 >= text.length) {
        return { ok: false, error: `Trailing backslash at position ${i + 1}: escape it as \\\\`, index: i };
      }
      const next = text[i + 1] as string;
      if (next === "\n") {
        i += 2; // line continuation
        continue;
      }
      current += next;
      inArg = true;
      i += 2;
      continue;
    }
    current += ch;
    inArg = true;
    i += 1;
  }
  if (inArg) args.push(current);
  return { ok: true, args };
}

/**
 * The inverse for display: quotes each argument only when needed, so that
 * `tokenizeArgs(formatArgs(a))` gives `a` back. Used by the command preview.
 */
export function formatArgs(args: readonly string[]): string {
  return args
    .map((a) => (a !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'"'"'`)}'`))
    .join(" ");
}
