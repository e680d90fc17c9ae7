import { queryOptions } from "@tanstack/react-query";
import { parseMetricLine, PrintedMetrics, type MetricSeries } from "@/lib/jobs/printed-metrics";
import { stripAnsi } from "../../jobs/terminal-text";
import type { LogLine } from "../../jobs/log-merge";
import { jobKeys } from "../query-keys";
import { followLogs, jobLogsUrl } from "./job-logs";

/** How long a running job's log is read for the overlay (a finished job's log ends by itself). */
const LOG_SNAPSHOT_MS = 15_000;

/** The printed metrics of a job's whole log (read once through the logs route, at most {@link LOG_SNAPSHOT_MS}). */
async function printedMetricsOf(namespace: string, id: string, signal: AbortSignal): Promise<MetricSeries[]> {
  const store: LogLine[] = [];
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), LOG_SNAPSHOT_MS);
  signal.addEventListener("abort", () => stop.abort(), { once: true });
  await followLogs({ url: jobLogsUrl(namespace, id), store, onLines: () => {}, onStatus: () => {}, isJobActive: async () => false, signal: stop.signal });
  clearTimeout(timer);
  const m = new PrintedMetrics();
  for (const line of store) {
    if (!line.m.includes("{")) continue;
    const fields = parseMetricLine(stripAnsi(line.m));
    if (fields) m.add(fields, Date.parse(line.t));
  }
  return m.series();
}

/** Options for the printed metrics of a run's log (compare page overlay), fresh for a minute. */
export function logPrintedMetricsOptions(namespace: string, id: string) {
  return queryOptions({
    queryKey: jobKeys.printedMetrics(namespace, id),
    queryFn: ({ signal }) => printedMetricsOf(namespace, id, signal),
    staleTime: 60_000,
  });
}
