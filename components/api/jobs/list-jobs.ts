import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { JobListPage } from "@/lib/jobs/api-answers";
import { listInterval } from "@/lib/jobs/poll";
import { getJson } from "../get-json";
import { jobKeys } from "../query-keys";

/** Dashboard filters; all optional. `stage` and `label` go to the Hub, `name` filters the page client-side. */
export interface JobListFilters {
  stage?: string[];
  /** `key=value` strings; a job must match all */
  label?: string[];
  /** opaque page cursor from a previous answer's `nextCursor`; absent = first page */
  cursor?: string;
}

/** Query string of a list request: repeated `stage=` and `label=` like the Hub's own (§7.3). */
export function jobListSearch(filters: JobListFilters): string {
  const q = new URLSearchParams();
  for (const s of filters.stage ?? []) q.append("stage", s);
  for (const l of filters.label ?? []) q.append("label", l);
  if (filters.cursor) q.set("cursor", filters.cursor);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** `GET /api/jobs/{ns}[?stage=&label=&cursor=]`: one page of a namespace's jobs. */
export function jobListUrl(namespace: string, filters: JobListFilters): string {
  return `/api/jobs/${encodeURIComponent(namespace)}${jobListSearch(filters)}`;
}

/** Options for the dashboard list: one request per interval for the page on screen (lib/jobs/poll.ts). */
export function jobListOptions(namespace: string, filters: JobListFilters) {
  return queryOptions({
    queryKey: jobKeys.list(namespace, filters),
    queryFn: ({ signal }) => getJson<JobListPage>(jobListUrl(namespace, filters), signal),
    refetchInterval: (query) => listInterval(query.state.data),
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
