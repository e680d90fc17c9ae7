/**
 * Pure helpers of the log view's search, error jump and line links (no React, client-safe).
 * They work on the plain text of each line as the view shows it (after ANSI stripping and after any
 * masking the view applies), so what is searched is exactly what is on screen.
 */

/**
 * Incremental search over a growing line store: `scan` looks only at lines it has not seen for the
 * current query, so a live log of 100 000 lines costs O(new lines) per batch, not O(all lines).
 * Matching is case-insensitive substring; an empty query matches nothing.
 */
export class LogSearch {
  private query = "";
  private needle = "";
  private scanned = 0;
  /** store positions (0-based, not log indexes) of matching lines, ascending */
  readonly matches: number[] = [];

  /**
   * Brings `matches` up to date for `query` over the first `count` lines; `textAt(k)` gives the shown
   * text of line `k`. A new query, or a store that shrank (new job), starts over.
   * @returns the matches array (same instance while the query is unchanged)
   */
  scan(query: string, count: number, textAt: (k: number) => string): readonly number[] {
    if (query !== this.query || count < this.scanned) {
      this.query = query;
      this.needle = query.toLowerCase();
      this.scanned = 0;
      this.matches.length = 0;
    }
    if (this.needle === "") {
      this.scanned = count;
      return this.matches;
    }
    for (let k = this.scanned; k < count; k++) {
      if (textAt(k).toLowerCase().includes(this.needle)) this.matches.push(k);
    }
    this.scanned = count;
    return this.matches;
  }
}

/**
 * Lines that read as an error: a Python traceback header, `Error:`/`Exception:` at a word boundary
 * (`ValueError: …`, `RuntimeError: …`, `error: …` from uv), `FATAL`, or `Killed` (OOM kill).
 */
const ERROR_RE = /^Traceback \(most recent call last\)|\b[A-Za-z]*(?:Error|Exception)\b:|^\s*(?:error|fatal)\b[:\s]|\bFATAL\b|^Killed\b/;

/** Cheap pre-check on the raw line (ANSI codes included): no match means {@link isErrorLine} is false. */
const MIGHT_BE_ERROR_RE = /Traceback|Error|Exception|error|fatal|FATAL|Killed/;

/** Whether a raw line could be an error line; lets a scan skip stripping ANSI from most lines. */
export function mightBeErrorLine(raw: string): boolean {
  return MIGHT_BE_ERROR_RE.test(raw);
}

/** Whether one shown line reads as an error or the start of a traceback ({@link ERROR_RE}). */
export function isErrorLine(text: string): boolean {
  return ERROR_RE.test(text);
}

/** Store position of the first error line among the first `count` lines, or -1. */
export function firstErrorLine(count: number, textAt: (k: number) => string): number {
  for (let k = 0; k < count; k++) if (isErrorLine(textAt(k))) return k;
  return -1;
}

/**
 * The 1-based line number of a `#L123` fragment (GitHub style), or null when the hash is not one.
 * Line numbers are the log's own (index + 1), so a link stays right however much of the log is held.
 */
export function parseLineHash(hash: string): number | null {
  const m = /^#L([1-9][0-9]{0,8})$/.exec(hash);
  return m ? Number(m[1]) : null;
}

/** How a line's timestamp is shown: not at all, in UTC, or in the browser's time zone. */
export type TimestampMode = "off" | "utc" | "local";

/**
 * `HH:MM:SS.mmm` of an ISO timestamp in UTC or local time; "" for a missing or unparsable one
 * (the logs route sends the Hub's `timestamp`, specs/hub-jobs-api.md §7.6).
 */
export function formatLogTime(iso: string, mode: TimestampMode): string {
  if (mode === "off" || !iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return mode === "utc"
    ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
    : `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
