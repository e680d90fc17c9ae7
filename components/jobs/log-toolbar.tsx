"use client";

import { useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { FollowStatus } from "@/components/api/jobs/job-logs";
import type { TimestampMode } from "./log-search";

const noSubscribe = () => () => {};

/** The browser's time zone name, for the "Local" timestamp label (e.g. `Europe/Paris`). */
function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "local";
  } catch {
    return "local";
  }
}

/** The log view's first row: stream status, line count, Jump to first error, Follow, Download. */
export function LogHeader({
  status,
  stage,
  count,
  firstError,
  follow,
  onJumpToError,
  onToggleFollow,
  onDownload,
}: {
  status: FollowStatus;
  stage: string;
  count: number;
  /** store position of the first error line, -1 when none */
  firstError: number;
  follow: boolean;
  onJumpToError: () => void;
  onToggleFollow: () => void;
  onDownload: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <StatusBadge status={status} stage={stage} />
      <span className="text-xs text-neutral-500" data-testid="log-line-count">
        {count.toLocaleString("en-US")} lines
      </span>
      <div className="ml-auto flex items-center gap-2">
        <Button size="sm" onClick={onJumpToError} disabled={firstError < 0} title={firstError < 0 ? "No error or traceback in the log so far" : undefined}>
          Jump to first error
        </Button>
        <Button size="sm" aria-pressed={follow} onClick={onToggleFollow}>
          {follow ? "Following" : "Follow"}
        </Button>
        <Button size="sm" onClick={onDownload} disabled={count === 0}>
          Download logs
        </Button>
      </div>
    </div>
  );
}

/** What the search row edits. */
export interface LogToolsState {
  query: string;
  onlyMatches: boolean;
  wrap: boolean;
  timestamps: TimestampMode;
}

/**
 * The log view's search row: search box (Enter / Shift+Enter: next / previous match), match count,
 * Prev / Next, "Only matching lines", "Wrap lines" and the timestamps mode (off, UTC, local zone).
 * `current` is the 0-based match on screen.
 */
export function LogTools({
  tools,
  onChange,
  matchCount,
  current,
  goToMatch,
}: {
  tools: LogToolsState;
  onChange: (patch: Partial<LogToolsState>) => void;
  matchCount: number;
  current: number;
  goToMatch: (k: number) => void;
}) {
  // The browser's zone after hydration; the server renders "local".
  const zone = useSyncExternalStore(noSubscribe, localZone, () => "local");
  const { query, onlyMatches, wrap, timestamps } = tools;
  return (
    <div role="search" aria-label="Log tools" className="flex flex-wrap items-center gap-3 text-xs">
      <label className="flex items-center gap-1.5">
        <span className="sr-only">Search logs</span>
        <input
          type="search"
          aria-label="Search logs"
          placeholder="Search logs"
          value={query}
          onChange={(e) => onChange({ query: e.target.value })}
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
        <input type="checkbox" checked={onlyMatches} onChange={(e) => onChange({ onlyMatches: e.target.checked })} />
        Only matching lines
      </label>
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={wrap} onChange={(e) => onChange({ wrap: e.target.checked })} />
        Wrap lines
      </label>
      <label className="flex items-center gap-1.5">
        Timestamps
        <select
          value={timestamps}
          onChange={(e) => onChange({ timestamps: e.target.value as TimestampMode })}
          className="h-8 rounded-md border border-neutral-300 bg-white px-1 dark:border-neutral-700 dark:bg-neutral-900"
        >
          <option value="off">Off</option>
          <option value="utc">UTC</option>
          <option value="local">Local ({zone})</option>
        </select>
      </label>
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
