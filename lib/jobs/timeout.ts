/**
 * Job timeout parsing. Client-safe (no I/O).
 *
 * The Hub takes an integer `timeoutSeconds` (specs/hub-jobs-api.md §6.1). The Python client parses
 * `"<float><s|m|h|d>"` with a case-sensitive unit, truncates, rejects compound strings and silently
 * drops `0` (field cases B03, C08). This parser is the app's single one: trimmed, case-insensitive,
 * compound (`1h30m`, `1h 30m`), decimals allowed only when they give whole seconds, and `0` or
 * negative values are errors rather than "use the default".
 */
export type ParseTimeoutResult = { ok: true; seconds: number } | { ok: false; error: string };

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const UNIT_ORDER = ["d", "h", "m", "s"];
/** 366 days: a guard against typos such as `9999999d`; the Hub's real maximum is undocumented. */
export const MAX_TIMEOUT_SECONDS = 366 * 86_400;

/**
 * Parses `300`, `5m`, `2h`, `1.5h`, `1d`, `1h30m`, `2H`, ` 2h ` into whole seconds.
 * Units: `s`, `m`, `h`, `d` (case-insensitive), each at most once and from largest to smallest.
 * @returns `{ok: true, seconds}` (an integer > 0), or `{ok: false, error}` with a sentence for the form
 */
export function parseTimeout(text: string): ParseTimeoutResult {
  const input = text.trim().toLowerCase();
  if (input === "") return { ok: false, error: "Enter a timeout, e.g. 30m, 2h or 1h30m" };
  if (input.startsWith("-")) return { ok: false, error: "The timeout must be greater than 0" };
  // Bare number = seconds.
  if (/^\d+(\.\d+)?$/.test(input)) return finish(Number(input), input);
  const partRe = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;
  let total = 0;
  let lastUnitRank = -1;
  let pos = 0;
  while (pos < input.length) {
    partRe.lastIndex = pos;
    const m = partRe.exec(input);
    if (!m) return { ok: false, error: invalid(text) };
    const [, num, unit] = m as unknown as [string, string, string];
    const factor = UNIT_SECONDS[unit];
    if (factor === undefined) {
      return { ok: false, error: `Unknown unit "${unit}" in timeout: use s, m, h or d (e.g. 90m, 1h30m)` };
    }
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastUnitRank) return { ok: false, error: `Write the units of "${text.trim()}" once each, largest first (e.g. 1h30m)` };
    lastUnitRank = rank;
    total += Number(num) * factor;
    pos = partRe.lastIndex;
  }
  return finish(total, text.trim());
}

function finish(seconds: number, shown: string): ParseTimeoutResult {
  // Round away float noise (1.1h = 3960.0000000000005) before checking wholeness.
  const rounded = Math.round(seconds * 1e6) / 1e6;
  if (!Number.isFinite(rounded)) return { ok: false, error: invalid(shown) };
  if (rounded <= 0) return { ok: false, error: "The timeout must be greater than 0" };
  if (!Number.isInteger(rounded)) {
    return { ok: false, error: `"${shown}" is not a whole number of seconds (${rounded} s); use a smaller unit, e.g. 90m` };
  }
  if (rounded > MAX_TIMEOUT_SECONDS) return { ok: false, error: `The timeout must be at most 366 days` };
  return { ok: true, seconds: rounded };
}

function invalid(text: string): string {
  return `"${text.trim()}" is not a duration: use seconds (7200) or units s, m, h, d (90m, 2h, 1h30m, 1.5h)`;
}

/** `5400` → `1h30m`; `45` → `45s`; used to show the normalized value next to the field. */
export function formatTimeout(seconds: number): string {
  let rest = Math.floor(seconds);
  let out = "";
  for (const unit of UNIT_ORDER) {
    const f = UNIT_SECONDS[unit] as number;
    const n = Math.floor(rest / f);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * f;
    }
  }
  return out || "0s";
}
