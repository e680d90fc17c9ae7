"use client";

import { useCallback, useState } from "react";
import { LogRow, emptyLogMessage, type LogRowTone } from "./log-rows";
import { LogHeader, LogTools, type LogToolsState } from "./log-toolbar";
import { useLogCount, useLogStatus, type LogFeed } from "./use-followed-log";
import { useLogScroll } from "./use-log-scroll";
import { downloadLog, sortedIndexOf, useLogText } from "./use-log-text";

const identity = (s: string) => s;

/**
 * The job's live log, from the page's one followed stream (./use-followed-log.ts), virtualized with
 * @tanstack/react-virtual so 100 000 lines scroll smoothly, with ANSI colours (./ansi-line.tsx).
 * Tools: search (case-insensitive, match count, next/previous, Enter/Shift+Enter), "only matching
 * lines", timestamps (off, UTC or local, labelled), wrap, jump to the first error or traceback, and
 * line links (`#L123`: the page opens scrolled to that line and highlights it), a follow toggle
 * (scrolling up turns it off) and a .txt download.
 * Every tool works on the shown text of each line, computed once per line: `shown(raw)` (the place
 * to mask secrets, so search, filter and download never see what the screen does not), ANSI stripped.
 * Parts: ./use-log-text.ts (texts, search, first error), ./use-log-scroll.ts (virtualizer, follow,
 * highlighted line), ./log-toolbar.tsx, ./log-rows.tsx.
 */
export function LogView({ log, stage, jobId, shown = identity }: { log: LogFeed; stage: string; jobId: string; shown?: (raw: string) => string }) {
  const lines = log.lines;
  const count = useLogCount(log);
  const status = useLogStatus(log);
  const [tools, setTools] = useState<LogToolsState>({ query: "", onlyMatches: false, wrap: false, timestamps: "off" });
  const [current, setCurrent] = useState(0);
  const { query, wrap, timestamps } = tools;

  const { matches, firstError } = useLogText({ lines, shown, count, query });
  const matchCount = matches.length;
  const filtering = tools.onlyMatches && query !== "";
  const rowCount = filtering ? matchCount : count;
  /** Row of the store position `pos` in the current view, or -1 when the filter hides it. */
  const rowOf = useCallback((pos: number) => (filtering ? sortedIndexOf(matches, pos) : pos), [filtering, matches]);
  const showAll = useCallback(() => setTools((t) => ({ ...t, onlyMatches: false })), []);
  const { virtualizer, scrollRef, onScroll, follow, setFollow, target, highlight, scrollToRow } = useLogScroll({ lines, count, rowCount, wrap, rowOf, onTargetHidden: showAll });

  const goToMatch = (k: number) => {
    if (matchCount === 0) return;
    const next = ((k % matchCount) + matchCount) % matchCount;
    setCurrent(next);
    setFollow(false);
    scrollToRow(filtering ? next : (matches[next] ?? 0));
  };
  const jumpToError = () => {
    const line = firstError < 0 ? undefined : lines[firstError];
    if (!line) return;
    if (filtering && rowOf(firstError) < 0) showAll();
    highlight(line.i + 1);
  };
  const currentPos = matchCount > 0 ? (matches[Math.min(current, matchCount - 1)] ?? -1) : -1;
  const toneOf = (pos: number, n: number): LogRowTone => {
    if (target === n) return "target";
    if (pos === currentPos) return "current";
    return query !== "" && (filtering || sortedIndexOf(matches, pos) >= 0) ? "match" : "plain";
  };

  return (
    <div className="flex flex-col gap-2">
      <LogHeader
        status={status}
        stage={stage}
        count={count}
        firstError={firstError}
        follow={follow}
        onJumpToError={jumpToError}
        onToggleFollow={() => setFollow((f) => !f)}
        onDownload={() => downloadLog({ lines, count, shown, jobId })}
      />
      <p className="text-xs text-neutral-500" data-testid="mask-banner">
        Secret values are shown as *** — best effort: a script can still print them transformed, and the Hub keeps the raw logs.
      </p>
      <LogTools
        tools={tools}
        onChange={(patch) => {
          setTools((t) => ({ ...t, ...patch }));
          if (patch.query !== undefined) setCurrent(0);
        }}
        matchCount={matchCount}
        current={current}
        goToMatch={goToMatch}
      />
      <div
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-label="Job logs"
        aria-live="off"
        tabIndex={0}
        className="h-[28rem] overflow-auto rounded-md border border-neutral-200 bg-neutral-950 font-mono text-xs text-neutral-100 dark:border-neutral-800"
      >
        {rowCount === 0 ? (
          <p className="p-3 text-neutral-400">{emptyLogMessage({ status, stage, count, query })}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative", minWidth: "100%" }}>
            {virtualizer.getVirtualItems().map((row) => {
              const pos = filtering ? (matches[row.index] ?? -1) : row.index;
              const line = lines[pos];
              if (!line) return null;
              return (
                <LogRow
                  key={row.key}
                  row={row}
                  line={line}
                  tone={toneOf(pos, line.i + 1)}
                  wrap={wrap}
                  timestamps={timestamps}
                  shown={shown}
                  virtualizer={virtualizer}
                  onHighlight={highlight}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
