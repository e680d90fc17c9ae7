import { queryOptions } from "@tanstack/react-query";
import type { ResourceSeries } from "@/lib/jobs/resource-series";
import { jobKeys } from "../query-keys";

const path = (namespace: string, id: string) => `/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`;

/** `GET /api/jobs/{ns}/{id}/metrics`: live resource samples as server-sent events (`metric`, `end`). */
export function jobMetricsStreamUrl(namespace: string, id: string): string {
  return `${path(namespace, id)}/metrics`;
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
