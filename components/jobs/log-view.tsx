"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { jobDetailOptions } from "@/lib/jobs/queries";
import { isTerminal } from "@/lib/jobs/stage";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { AnsiLine, stripAnsi } from "./ansi-line";
import { followLogs, type FollowStatus } from "./follow-logs";
import type { LogLine } from "./log-merge";

const ROW_HEIGHT = 20;

/**
 * The job's live log: follows `/api/jobs/{ns}/{id}/logs` with reconnect and exact merge
 * (./follow-logs.ts), virtualized with @tanstack/react-virtual so 100 000 lines scroll smoothly,
 * ANSI colours (./ansi-line.tsx), a follow toggle (scrolling up turns it off, the button turns it
 * back on) and a .txt download of every line held.
 * Whether the job is final comes from a fresh job GET through react-query, never from the stream.
 */
export function LogView({ namespace, jobId, stage }: { namespace: string; jobId: string; stage: string }) {
  const queryClient = useQueryClient();
  const storeRef = useRef<LogLine[]>([]);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState<FollowStatus>({ kind: "connecting", attempt: 1 });
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmaticScroll = useRef(false);

  useEffect(() => {
    const abort = new AbortController();
    storeRef.current = [];
    let frame: number | null = null;
    // Batch renders to one per animation frame: a 100 000-line replay arrives in 500-line chunks.
    const schedule = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setCount(storeRef.current.length);
      });
    };
    void followLogs({
      url: `/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(jobId)}/logs`,
      store: storeRef.current,
      onLines: () => {
        schedule();
      },
      onStatus: setStatus,
      isJobActive: async () => {
        const job = await queryClient.fetchQuery({ ...jobDetailOptions(namespace, jobId), staleTime: 0 });
        return !isTerminal(job.stage);
      },
      signal: abort.signal,
    });
    return () => {
      abort.abort();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [namespace, jobId, queryClient]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });

  useEffect(() => {
    if (!follow || count === 0) return;
    programmaticScroll.current = true;
    virtualizer.scrollToIndex(count - 1, { align: "end" });
  }, [count, follow, virtualizer]);

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

  const download = () => {
    const text = storeRef.current.map((l) => stripAnsi(l.m)).join("\n") + "\n";
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

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={status} stage={stage} />
        <span className="text-xs text-neutral-500" data-testid="log-line-count">
          {count.toLocaleString("en-US")} lines
        </span>
        <div className="ml-auto flex items-center gap-2">
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
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative", minWidth: "100%" }}>
            {items.map((row) => {
              const line = storeRef.current[row.index];
              if (!line) return null;
              return (
                <div
                  key={row.key}
                  data-index={row.index}
                  className="absolute left-0 flex w-max min-w-full whitespace-pre px-3 leading-5 hover:bg-white/5"
                  style={{ top: 0, transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                >
                  <span aria-hidden="true" className="mr-3 inline-block w-12 shrink-0 select-none text-right text-neutral-500">
                    {line.i + 1}
                  </span>
                  <span data-testid="log-line">
                    <AnsiLine text={line.m} />
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
