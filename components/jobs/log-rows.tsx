"use client";

import type { VirtualItem, Virtualizer } from "@tanstack/react-virtual";
import { AnsiLine } from "./ansi-line";
import type { FollowStatus } from "@/components/api/jobs/job-logs";
import type { LogLine } from "./log-merge";
import { formatLogTime, type TimestampMode } from "./log-search";
import { ROW_HEIGHT } from "./use-log-scroll";

/** What the log box says when it has no row to show. */
export function emptyLogMessage({ status, stage, count, query }: { status: FollowStatus; stage: string; count: number; query: string }): string {
  if (count > 0) return `No line matches “${query}”.`;
  if (status.kind === "error") return status.message;
  if (stage.toUpperCase() === "SCHEDULING") return "Waiting for hardware — no log lines yet.";
  return status.kind === "ended" ? "This job printed nothing." : "Waiting for log lines…";
}

/** How a row looks: highlighted (the `#L` target), the current match, another match, or plain. */
export type LogRowTone = "target" | "current" | "match" | "plain";

const TONE_CLASS: Record<LogRowTone, string> = { target: "bg-amber-400/25", current: "bg-brand/30", match: "bg-yellow-300/15", plain: "hover:bg-white/5" };

/**
 * One virtualized log row: the line number (a `#Ln` link that highlights it), the timestamp when
 * shown, the line as shown (ANSI colours), and which secrets were masked in it.
 */
export function LogRow({
  row,
  line,
  tone,
  wrap,
  timestamps,
  shown,
  virtualizer,
  onHighlight,
}: {
  row: VirtualItem;
  line: LogLine;
  tone: LogRowTone;
  wrap: boolean;
  timestamps: TimestampMode;
  shown: (raw: string) => string;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  onHighlight: (n: number) => void;
}) {
  const n = line.i + 1;
  return (
    <div
      data-index={row.index}
      ref={wrap ? virtualizer.measureElement : undefined}
      data-line={n}
      aria-current={tone === "target" ? "true" : undefined}
      className={`absolute left-0 flex min-w-full px-3 leading-5 ${wrap ? "w-full whitespace-pre-wrap break-all" : "w-max whitespace-pre"} ${TONE_CLASS[tone]}`}
      style={{ top: 0, transform: `translateY(${row.start}px)`, height: wrap ? undefined : ROW_HEIGHT }}
    >
      <a
        href={`#L${n}`}
        aria-label={`Line ${n}`}
        onClick={(e) => {
          e.preventDefault();
          onHighlight(n);
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
}
