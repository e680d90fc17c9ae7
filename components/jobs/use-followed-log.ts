"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { jobDetailOptions } from "@/lib/jobs/queries";
import { isTerminal } from "@/lib/jobs/stage";
import { followLogs, type FollowStatus } from "./follow-logs";
import type { LogLine } from "./log-merge";

/** What {@link useFollowedLog} gives the log view and the printed-metrics charts. */
export interface FollowedLog {
  /** the line store, appended in place (read `lines[k]` for k < count) */
  lines: readonly LogLine[];
  /** lines held; changes at most once per animation frame */
  count: number;
  status: FollowStatus;
}

/**
 * Follows a job's log once for the whole job page (./follow-logs.ts: reconnect, exact merge), so the
 * log view and the charts of printed metrics read the same store and the page opens one stream.
 * Whether the job is final comes from a fresh job GET through react-query, never from the stream.
 */
export function useFollowedLog(namespace: string, jobId: string): FollowedLog {
  const queryClient = useQueryClient();
  const storeRef = useRef<LogLine[]>([]);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState<FollowStatus>({ kind: "connecting", attempt: 1 });

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
      onLines: schedule,
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

  // eslint-disable-next-line react-hooks/refs -- the store is appended in place; `count` versions it
  return { lines: storeRef.current, count, status };
}
