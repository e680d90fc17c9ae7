/**
 * Parses `.env` text — what `hf jobs run --secrets-file` / `--env-file` read with python-dotenv's
 * `dotenv_values` — into ordered `[name, value]` pairs. Client-safe, so the composer can turn one paste
 * into several rows. (The `dotenv` npm package's parser sits in a module that needs `fs`, so it cannot
 * run in the browser; this follows python-dotenv's documented syntax instead.)
 *
 * Syntax: `KEY=value` per line, optional `export ` prefix, blank lines and `#` comments ignored;
 * unquoted values are trimmed and end at ` #`; `'single'` quotes are literal; `"double"` quotes may
 * span lines and understand `\n \r \t \\ \"` escapes. Later duplicates win, as in python-dotenv.
 * @returns pairs and, per line that is not a binding, an error `line N: …`
 */
export function parseDotenv(text: string): { entries: [string, string][]; errors: string[] } {
  const out = new Map<string, string>();
  const errors: string[] = [];
  const src = text.replace(/\r\n?/g, "\n");
  let pos = 0;
  let lineNo = 1;
  while (pos < src.length) {
    const end = src.indexOf("\n", pos) === -1 ? src.length : src.indexOf("\n", pos);
    const line = src.slice(pos, end);
    const startLine = lineNo;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*/.exec(line);
    if (!m) {
      if (line.trim() !== "" && !line.trim().startsWith("#")) errors.push(`line ${startLine}: expected NAME=value`);
      pos = end + 1;
      lineNo += 1;
      continue;
    }
    const name = m[1] as string;
    let i = pos + m[0].length;
    const quote = src[i];
    if (quote === '"' || quote === "'") {
      let value = "";
      i += 1;
      let closed = false;
      while (i < src.length) {
        const c = src[i] as string;
        if (c === quote) {
          closed = true;
          i += 1;
          break;
        }
        if (c === "\\" && quote === '"' && i + 1 < src.length) {
          const n = src[i + 1] as string;
          value += n === "n" ? "\n" : n === "r" ? "\r" : n === "t" ? "\t" : n === "\\" || n === '"' ? n : `\\${n}`;
          i += 2;
          continue;
        }
        if (c === "\n") lineNo += 1;
        value += c;
        i += 1;
      }
      if (!closed) {
        errors.push(`line ${startLine}: ${name} has an unclosed ${quote} quote`);
        break;
      }
      out.delete(name);
      out.set(name, value);
      const rest = src.indexOf("\n", i);
      pos = rest === -1 ? src.length : rest + 1;
      lineNo += 1;
      continue;
    }
    const raw = src.slice(i, end);
    const hash = raw.search(/\s#/);
    out.delete(name);
    out.set(name, (hash === -1 ? raw : raw.slice(0, hash)).trim());
    pos = end + 1;
    lineNo += 1;
  }
  return { entries: [...out.entries()], errors };
}
