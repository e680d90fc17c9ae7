import { queryOptions } from "@tanstack/react-query";
import { POLL } from "@/lib/jobs/poll";
import type { ScheduledJobView } from "@/lib/jobs/view";
import { getJson } from "../get-json";
import { scheduledKeys } from "../query-keys";

/** Options for `GET /api/scheduled-jobs/{ns}` → `{ scheduledJobs }`: the schedules list. */
export function scheduledListOptions(namespace: string) {
  return queryOptions({
    queryKey: scheduledKeys.list(namespace),
    queryFn: ({ signal }) =>
      getJson<{ scheduledJobs: ScheduledJobView[] }>(`/api/scheduled-jobs/${encodeURIComponent(namespace)}`, signal).then((r) => r.scheduledJobs),
    refetchInterval: POLL.scheduled,
    refetchIntervalInBackground: false,
  });
}
