"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { AnsiLine, stripAnsi } from "./ansi-line";
import type { FollowStatus } from "./follow-logs";
import { formatLogTime, isErrorLine, LogSearch, mightBeErrorLine, parseLineHash, type TimestampMode } from "./log-search";
import { useLogCount, useLogStatus, type LogFeed } from "./use-followed-log";

const ROW_HEIGHT = 20;

/** Position of `v` in the ascending array `sorted`, or -1 (binary search). */
function sortedIndexOf(sorted: readonly number[], v: number): number {
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

const noSubscribe = () => () => {};
const identity = (s: string) => s;

/** The browser's time zone name, for the "Local" timestamp label (e.g. `Europe/Paris`). */
function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "local";
  } catch {
    return "local";
  }
}

/**
 * The job's live log, from the page's one followed stream (./use-followed-log.ts), virtualized with
 * @tanstack/react-virtual so 100 000 lines scroll smoothly, with ANSI colours (./ansi-line.tsx).
 * Tools: search (case-insensitive, match count, next/previous, Enter/Shift+Enter), "only matching
 * lines", timestamps (off, UTC or local, labelled), wrap, jump to the first error or traceback, and
 * line links (`#L123`: the page opens scrolled to that line and highlights it), a follow toggle
 * (scrolling up turns it off) and a .txt download.
 * Every tool works on the shown text of each line, computed once per line: `shown(raw)` (the place
 * to mask secrets, so search, filter and download never see what the screen does not), ANSI stripped.
 */
export function LogView({ log, stage, jobId, shown = identity }: { log: LogFeed; stage: string; jobId: string; shown?: (raw: string) => string }) {
  const lines = log.lines;
  const count = useLogCount(log);
  const status = useLogStatus(log);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState("");
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [timestamps, setTimestamps] = useState<TimestampMode>("off");
  const [current, setCurrent] = useState(0);
  /** 1-based log line number that is highlighted (from `#L…`, an error jump or a click) */
  const [target, setTarget] = useState<number | null>(null);
  // The browser's zone after hydration; the server renders "local".
  const zone = useSyncExternalStore(noSubscribe, localZone, () => "local");
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmaticScroll = useRef(false);
  const scrolledTo = useRef<number | null>(null);

  // Shown text per store position, stripped once (a new search over 100 000 lines must not re-parse ANSI).
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
  const matchCount = matches.length;
  const filtering = onlyMatches && query !== "";
  const rowCount = filtering ? matchCount : count;
  const positionOf = (row: number) => (filtering ? (matches[row] ?? -1) : row);

  const scan = errorScan.current;
  for (; scan.at < 0 && scan.scanned < count; scan.scanned++) {
    if (mightBeErrorLine(lines[scan.scanned]?.m ?? "") && isErrorLine(textAt(scan.scanned))) scan.at = scan.scanned;
  }
  const firstError = scan.at;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });

  // Re-measure when wrapping changes the rows' heights.
  useEffect(() => {
    virtualizer.measure();
  }, [wrap, virtualizer]);

  // `#L123` in the URL (on open and on hash change): highlight that line, stop following.
  useEffect(() => {
    const read = () => {
      const n = parseLineHash(window.location.hash);
      if (n === null) return;
      scrolledTo.current = null;
      setTarget(n);
      setFollow(false);
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);

  /** Row of the store position `pos` in the current view, or -1 when the filter hides it. */
  const rowOf = useCallback((pos: number) => (filtering ? sortedIndexOf(matches, pos) : pos), [filtering, matches]);

  const scrollToRow = useCallback(
    (row: number) => {
      programmaticScroll.current = true;
      virtualizer.scrollToIndex(row, { align: "center" });
    },
    [virtualizer],
  );

  // Scroll to the highlighted line once it is held (a link may be opened before the replay arrives).
  useEffect(() => {
    if (target === null || scrolledTo.current === target || count === 0) return;
    const pos = target - 1 - (lines[0]?.i ?? 0);
    if (pos < 0 || pos >= count) return;
    const row = rowOf(pos);
    if (row < 0) {
      setOnlyMatches(false);
      return;
    }
    scrolledTo.current = target;
    scrollToRow(row);
    scrollRef.current?.scrollIntoView({ block: "nearest" });
  }, [target, count, lines, rowOf, scrollToRow]);

  useEffect(() => {
    if (!follow || rowCount === 0) return;
    programmaticScroll.current = true;
    virtualizer.scrollToIndex(rowCount - 1, { align: "end" });
  }, [rowCount, follow, virtualizer]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (programmaticScroll.current) {
      programmaticScroll.current = false;
      return;
    }
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    setFollow(atBottom);
  }, []);

  /** Highlights log line number `n` (1-based), puts `#Ln` in the URL without navigating. */
  const highlight = useCallback((n: number) => {
    window.history.replaceState(window.history.state, "", `#L${n}`);
    scrolledTo.current = null;
    setTarget(n);
    setFollow(false);
  }, []);

  const goToMatch = (k: number) => {
    if (matchCount === 0) return;
    const next = ((k % matchCount) + matchCount) % matchCount;
    setCurrent(next);
    setFollow(false);
    scrollToRow(filtering ? next : (matches[next] ?? 0));
  };

  const jumpToError = () => {
    if (firstError < 0) return;
    const line = lines[firstError];
    if (!line) return;
    if (filtering && rowOf(firstError) < 0) setOnlyMatches(false);
    highlight(line.i + 1);
  };

  const download = () => {
    const text = lines.slice(0, count).map((l) => stripAnsi(shown(l.m))).join("\n") + "\n";
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `job-${jobId}-logs.txt`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const items = virtualizer.getVirtualItems();
  const scheduling = stage.toUpperCase() === "SCHEDULING";
  const currentPos = matchCount > 0 ? (matches[Math.min(current, matchCount - 1)] ?? -1) : -1;


  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={status} stage={stage} />
        <span className="text-xs text-neutral-500" data-testid="log-line-count">
          {count.toLocaleString("en-US")} lines
        </span>
        <div className="ml-auto flex items-center gap-2">
          <Button size="sm" onClick={jumpToError} disabled={firstError < 0} title={firstError < 0 ? "No error or traceback in the log so far" : undefined}>
            Jump to first error
          </Button>
          <Button size="sm" aria-pressed={follow} onClick={() => setFollow((f) => !f)}>
            {follow ? "Following" : "Follow"}
          </Button>
          <Button size="sm" onClick={download} disabled={count === 0}>
            Download logs
          </Button>
        </div>
      </div>
      <p className="text-xs text-neutral-500" data-testid="mask-banner">
        Secret values are shown as *** — best effort: a script can still print them transformed, and the Hub keeps the raw logs.
      </p>
      <div role="search" aria-label="Log tools" className="flex flex-wrap items-center gap-3 text-xs">
        <label className="flex items-center gap-1.5">
          <span className="sr-only">Search logs</span>
          <input
            type="search"
            aria-label="Search logs"
            placeholder="Search logs"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setCurrent(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                goToMatch(e.shiftKey ? current - 1 : current + 1);
              }
            }}
            className="h-8 w-56 rounded-md border border-neutral-300 bg-white px-2 dark:border-neutral-700 dark:bg-neutral-900"
          />
        </label>
        <span role="status" aria-live="polite" className="min-w-24 text-neutral-500" data-testid="log-match-count">
          {query === "" ? "" : matchCount === 0 ? "No matches" : `${Math.min(current, matchCount - 1) + 1} of ${matchCount.toLocaleString("en-US")} lines`}
        </span>
        <Button size="sm" onClick={() => goToMatch(current - 1)} disabled={matchCount === 0} aria-label="Previous match">
          ↑ Prev
        </Button>
        <Button size="sm" onClick={() => goToMatch(current + 1)} disabled={matchCount === 0} aria-label="Next match">
          ↓ Next
        </Button>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} />
          Only matching lines
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          Wrap lines
        </label>
        <label className="flex items-center gap-1.5">
          Timestamps
          <select
            value={timestamps}
            onChange={(e) => setTimestamps(e.target.value as TimestampMode)}
            className="h-8 rounded-md border border-neutral-300 bg-white px-1 dark:border-neutral-700 dark:bg-neutral-900"
          >
            <option value="off">Off</option>
            <option value="utc">UTC</option>
            <option value="local">Local ({zone})</option>
          </select>
        </label>
      </div>
      <div
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-label="Job logs"
        aria-live="off"
        tabIndex={0}
        className="h-[28rem] overflow-auto rounded-md border border-neutral-200 bg-neutral-950 font-mono text-xs text-neutral-100 dark:border-neutral-800"
      >
        {count === 0 ? (
          <p className="p-3 text-neutral-400">
            {status.kind === "error"
              ? status.message
              : scheduling
                ? "Waiting for hardware — no log lines yet."
                : status.kind === "ended"
                  ? "This job printed nothing."
                  : "Waiting for log lines…"}
          </p>
        ) : rowCount === 0 ? (
          <p className="p-3 text-neutral-400">No line matches “{query}”.</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative", minWidth: "100%" }}>
            {items.map((row) => {
              const pos = positionOf(row.index);
              const line = lines[pos];
              if (!line) return null;
              const n = line.i + 1;
              const highlighted = target === n;
              const isMatch = query !== "" && (filtering || sortedIndexOf(matches, pos) >= 0);
              const bg = highlighted ? "bg-amber-400/25" : pos === currentPos ? "bg-brand/30" : isMatch ? "bg-yellow-300/15" : "hover:bg-white/5";
              return (
                <div
                  key={row.key}
                  data-index={row.index}
                  ref={wrap ? virtualizer.measureElement : undefined}
                  data-line={n}
                  aria-current={highlighted ? "true" : undefined}
                  className={`absolute left-0 flex min-w-full px-3 leading-5 ${wrap ? "w-full whitespace-pre-wrap break-all" : "w-max whitespace-pre"} ${bg}`}
                  style={{ top: 0, transform: `translateY(${row.start}px)`, height: wrap ? undefined : ROW_HEIGHT }}
                >
                  <a
                    href={`#L${n}`}
                    aria-label={`Line ${n}`}
                    onClick={(e) => {
                      e.preventDefault();
                      highlight(n);
                    }}
                    className="mr-3 inline-block w-12 shrink-0 select-none text-right text-neutral-500 hover:text-neutral-200 hover:underline"
                  >
                    {n}
                  </a>
                  {timestamps !== "off" && (
                    <span className="mr-3 shrink-0 select-none text-neutral-500" title={line.t}>
                      {formatLogTime(line.t, timestamps)}
                    </span>
                  )}
                  <span data-testid="log-line" className={wrap ? "min-w-0" : undefined}>
                    <AnsiLine text={shown(line.m)} />
                  </span>
                  {line.k && (
                    <span className="ml-3 select-none text-amber-300/80" title={`Masked: ${line.k.join(", ")}`}>
                      [masked: {line.k.join(", ")}]
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

function StatusBadge({ status, stage }: { status: FollowStatus; stage: string }) {
  switch (status.kind) {
    case "connecting":
      return <Badge tone="muted">{status.attempt > 1 ? `Reconnecting (attempt ${status.attempt})` : "Connecting"}</Badge>;
    case "streaming":
      return <Badge tone="info">Live</Badge>;
    case "waiting":
      return <Badge tone="warning">{status.retryInMs > 0 ? `Reconnecting in ${Math.ceil(status.retryInMs / 1000)} s` : "Reconnecting"}</Badge>;
    case "ended":
      return <Badge tone="muted">Log complete ({stage.toLowerCase()})</Badge>;
    case "error":
      return <Badge tone="danger">Logs unavailable</Badge>;
  }
}
