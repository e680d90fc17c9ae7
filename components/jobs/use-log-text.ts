"use client";

import { useCallback, useRef } from "react";
import { stripAnsi } from "./terminal-text";
import { isErrorLine, LogSearch, mightBeErrorLine } from "./log-search";
import type { LogFeed } from "./use-followed-log";

/** Position of `v` in the ascending array `sorted`, or -1 (binary search). */
export function sortedIndexOf(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === v) return mid;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The shown text of the log's lines for the log view's tools: `shown(raw)` with ANSI stripped,
 * computed once per line (a new search over 100 000 lines must not re-parse ANSI); the store
 * positions matching `query` (ascending, incremental: ./log-search.ts) and the first error or
 * traceback line (-1: none so far; scanned incrementally too). A new store or `shown` starts over.
 */
export function useLogText({ lines, shown, count, query }: { lines: LogFeed["lines"]; shown: (raw: string) => string; count: number; query: string }) {
  const textCache = useRef<{ lines: LogFeed["lines"]; shown: (raw: string) => string; texts: string[] }>({ lines, shown, texts: [] });
  const searchRef = useRef(new LogSearch());
  const errorScan = useRef({ scanned: 0, at: -1 });
  if (textCache.current.lines !== lines || textCache.current.shown !== shown) {
    textCache.current = { lines, shown, texts: [] };
    searchRef.current = new LogSearch();
    errorScan.current = { scanned: 0, at: -1 };
  }
  const textAt = useCallback(
    (k: number) => {
      const cache = textCache.current;
      return (cache.texts[k] ??= stripAnsi(shown(cache.lines[k]?.m ?? "")));
    },
    [shown],
  );
  const matches = searchRef.current.scan(query, count, textAt);
  const scan = errorScan.current;
  for (; scan.at < 0 && scan.scanned < count; scan.scanned++) {
    if (mightBeErrorLine(lines[scan.scanned]?.m ?? "") && isErrorLine(textAt(scan.scanned))) scan.at = scan.scanned;
  }
  return { matches, firstError: scan.at };
}

/** Saves the first `count` lines, as shown (masked, ANSI stripped), as `job-{jobId}-logs.txt`. */
export function downloadLog({ lines, count, shown, jobId }: { lines: LogFeed["lines"]; count: number; shown: (raw: string) => string; jobId: string }): void {
  const text = lines.slice(0, count).map((l) => stripAnsi(shown(l.m))).join("\n") + "\n";
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `job-${jobId}-logs.txt`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
