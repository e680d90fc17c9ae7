"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { jobDetailOptions } from "@/components/api/jobs/get-job";
import { followLogs, jobLogsUrl, type FollowStatus } from "@/components/api/jobs/job-logs";
import { isTerminal } from "@/lib/jobs/stage";
import type { LogLine } from "./log-merge";

/**
 * One job's followed log, shared by the log view and the charts of printed metrics: the line store
 * (appended in place), how many lines it holds and the stream status, with a subscription so only
 * the components that read them re-render (not the whole job page) when lines arrive.
 */
export class LogFeed {
  /** the line store, appended in place (read `lines[k]` for k < count) */
  readonly lines: LogLine[] = [];
  private count = 0;
  private status: FollowStatus = { kind: "connecting", attempt: 1 };
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  /** lines held; changes at most once per animation frame */
  readonly getCount = (): number => this.count;
  readonly getStatus = (): FollowStatus => this.status;

  /** @internal for {@link useFollowedLog} */
  publish(patch: { count?: number; status?: FollowStatus }): void {
    if (patch.count !== undefined) this.count = patch.count;
    if (patch.status !== undefined) this.status = patch.status;
    for (const fn of this.listeners) fn();
  }
}

/** Lines held by `feed`, re-rendering the caller when it changes. */
export function useLogCount(feed: LogFeed): number {
  return useSyncExternalStore(feed.subscribe, feed.getCount, feed.getCount);
}

/** The stream status of `feed`, re-rendering the caller when it changes. */
export function useLogStatus(feed: LogFeed): FollowStatus {
  return useSyncExternalStore(feed.subscribe, feed.getStatus, feed.getStatus);
}

/**
 * Follows a job's log once for the whole job page (components/api/jobs/job-logs.ts: reconnect, exact merge), so the
 * log view and the charts of printed metrics read the same store and the page opens one stream.
 * Whether the job is final comes from a fresh job GET through react-query, never from the stream.
 * The returned feed is stable per job; read it with {@link useLogCount} / {@link useLogStatus}.
 */
export function useFollowedLog(namespace: string, jobId: string): LogFeed {
  const queryClient = useQueryClient();
  // A new feed per job (namespace + id), stable across renders: the deps are the identity, not inputs.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const feed = useMemo(() => new LogFeed(), [namespace, jobId]);

  useEffect(() => {
    const abort = new AbortController();
    let frame: number | null = null;
    // Batch renders to one per animation frame: a 100 000-line replay arrives in 500-line chunks.
    const schedule = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        feed.publish({ count: feed.lines.length });
      });
    };
    void followLogs({
      url: jobLogsUrl(namespace, jobId),
      store: feed.lines,
      onLines: schedule,
      onStatus: (status) => feed.publish({ status }),
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
  }, [feed, namespace, jobId, queryClient]);

  return feed;
}
