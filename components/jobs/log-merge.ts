/**
 * The log view's line store and its reconnect merge. The logs route numbers every line from the start
 * of the job's log (`i`, 0-based) and, on reconnect, sends only lines after the client's last index
 * (`?after=`). A proxy, the browser or the Hub may still replay lines we have, or a broken connection
 * may have lost some: the merge keeps each index once and reports a gap instead of hiding it
 * (field cases B05, C07). Client-safe, no React.
 */

/** One log line: index from the start of the job's log, ISO timestamp, text (may hold ANSI codes). */
export interface LogLine {
  i: number;
  t: string;
  m: string;
  /** names of the secrets masked as `***` in `m` (absent when none) */
  k?: string[];
}

/** Result of {@link mergeLogLines}. */
export interface MergeResult {
  /** how many lines were appended */
  added: number;
  /** duplicates dropped (index already held) */
  duplicates: number;
  /** first missing index when a line arrived after a hole, else null; the caller reconnects from it */
  gapAt: number | null;
}

/**
 * Appends `incoming` lines to `store` in index order, in place (the view holds up to 100 000 lines:
 * copying the array per batch would be O(n²)). Lines at or below the last held index are dropped as
 * duplicates; a line past `last + 1` is NOT appended and reported as `gapAt = last + 1`, so the store
 * stays contiguous from its first index and a reconnect with `after = last` fills the hole.
 */
export function mergeLogLines(store: LogLine[], incoming: readonly LogLine[]): MergeResult {
  let added = 0;
  let duplicates = 0;
  for (const line of incoming) {
    const last = store.length > 0 ? store[store.length - 1].i : null;
    if (last !== null && line.i <= last) {
      duplicates++;
    } else if (last === null || line.i === last + 1) {
      store.push(line);
      added++;
    } else {
      return { added, duplicates, gapAt: last + 1 };
    }
  }
  return { added, duplicates, gapAt: null };
}

/** The index to resume after: the last held line's, or -1 for "from the start". */
export function resumeAfter(store: readonly LogLine[]): number {
  return store.length > 0 ? store[store.length - 1].i : -1;
}

/** Parses one `data:` payload of the logs route (`{"i","t","m","k"?}`); null when it is not one. */
export function parseLogEvent(data: string): LogLine | null {
  try {
    const v = JSON.parse(data) as { i?: unknown; t?: unknown; m?: unknown; k?: unknown };
    if (typeof v.i !== "number" || !Number.isInteger(v.i) || typeof v.m !== "string") return null;
    const k = Array.isArray(v.k) ? v.k.filter((n): n is string => typeof n === "string").slice(0, 20) : [];
    return { i: v.i, t: typeof v.t === "string" ? v.t : "", m: v.m, ...(k.length ? { k } : {}) };
  } catch {
    return null;
  }
}
