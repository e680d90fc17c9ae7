import { queryOptions } from "@tanstack/react-query";
import { jobInterval } from "@/lib/jobs/poll";
import type { JobView } from "@/lib/jobs/view";
import { ApiRequestError, getJson } from "../get-json";
import { jobKeys } from "../query-keys";

/** `GET /api/jobs/{ns}/{id}` → `{ job: JobView }`. */
export function jobUrl(namespace: string, id: string): string {
  return `/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`;
}

/** One job, read once (Edit and re-run). @throws ApiRequestError */
export async function getJob(namespace: string, id: string, signal?: AbortSignal): Promise<JobView> {
  return (await getJson<{ job: JobView }>(jobUrl(namespace, id), signal)).job;
}

/**
 * Options for one job: polls until a fresh GET shows a final stage (lib/jobs/poll.ts), and stops on
 * a 404 (no such job: polling would only repeat the failed request).
 */
export function jobDetailOptions(namespace: string, id: string) {
  return queryOptions({
    queryKey: jobKeys.detail(namespace, id),
    queryFn: ({ signal }) => getJob(namespace, id, signal),
    refetchInterval: (query) => (query.state.error instanceof ApiRequestError && query.state.error.status === 404 ? false : jobInterval(query.state.data)),
    refetchIntervalInBackground: false,
  });
}
