import { queryOptions } from "@tanstack/react-query";
import type { MetricEvent, ResourceSeries } from "@/lib/jobs/resource-series";
import { jobKeys } from "../query-keys";

const path = (namespace: string, id: string) => `/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`;

/**
 * Follows `GET /api/jobs/{ns}/{id}/metrics` (server-sent events: `metric` = one MetricEvent JSON,
 * `end` = the Hub closed its stream), reopening 3 s after an end or an error until the returned
 * function is called. A malformed sample is skipped (the next one comes in a second).
 * @returns stop: closes the stream and cancels a pending reopen
 */
export function followJobMetrics(
  namespace: string,
  id: string,
  on: { open: () => void; metric: (event: MetricEvent) => void; end: () => void },
): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const open = () => {
    source = new EventSource(`${path(namespace, id)}/metrics`);
    source.addEventListener("open", on.open);
    source.addEventListener("metric", (e) => {
      let event: MetricEvent;
      try {
        event = JSON.parse((e as MessageEvent<string>).data) as MetricEvent;
      } catch {
        return;
      }
      on.metric(event);
    });
    const reopen = () => {
      source?.close();
      if (!closed) retry = setTimeout(open, 3000);
    };
    source.addEventListener("end", () => {
      on.end();
      reopen();
    });
    source.addEventListener("error", reopen);
  };
  open();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
  };
}

/**
 * Options for the resource series the app kept in the bucket (`GET /api/jobs/{ns}/{id}/resources` →
 * `{ series }`; null when none was kept or the read failed). While `live`, the stream is the source:
 * read the kept file once at open and once the job ends.
 */
export function keptResourcesOptions(namespace: string, id: string, live: boolean) {
  return queryOptions({
    queryKey: jobKeys.resources(namespace, id),
    refetchOnWindowFocus: false,
    staleTime: live ? Infinity : 0,
    queryFn: async ({ signal }): Promise<ResourceSeries | null> => {
      const res = await fetch(`${path(namespace, id)}/resources`, { signal, cache: "no-store" });
      if (!res.ok) return null;
      return ((await res.json()) as { series: ResourceSeries | null }).series;
    },
  });
}
