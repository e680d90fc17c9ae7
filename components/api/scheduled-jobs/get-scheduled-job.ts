import { queryOptions } from "@tanstack/react-query";
import type { ScheduledJobDetail } from "@/lib/jobs/api-answers";
import { POLL } from "@/lib/jobs/poll";
import { isTerminal } from "@/lib/jobs/stage";
import { getJson } from "../get-json";
import { scheduledKeys } from "../query-keys";

/** Options for `GET /api/scheduled-jobs/{ns}/{id}`: one scheduled job and its runs; polls faster while a run is active. */
export function scheduledDetailOptions(namespace: string, id: string) {
  return queryOptions({
    queryKey: scheduledKeys.detail(namespace, id),
    queryFn: ({ signal }) => getJson<ScheduledJobDetail>(`/api/scheduled-jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`, signal),
    refetchInterval: (query) => (query.state.data?.runs.some((r) => !isTerminal(r.stage)) ? POLL.listActive : POLL.scheduled),
    refetchIntervalInBackground: false,
  });
}
