import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cancelGroupAction } from "@/lib/jobs/actions";
import { POLL } from "@/lib/jobs/poll";
import { isActive } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { getJson } from "../get-json";
import { jobKeys } from "../query-keys";
import { unwrapAction } from "../unwrap-action";

/** `GET /api/jobs/{ns}/groups/{group}` → `{jobs}`: the members of one network group. */
export function groupMembersUrl(namespace: string, group: string): string {
  return `/api/jobs/${encodeURIComponent(namespace)}/groups/${encodeURIComponent(group)}`;
}

/** The members of a network group, polled while any is active (the group page, issue 13 item 4). */
export function useGroupMembers(namespace: string, group: string) {
  return useQuery({
    queryKey: jobKeys.group(namespace, group),
    queryFn: ({ signal }) => getJson<{ jobs: JobView[] }>(groupMembersUrl(namespace, group), signal).then((r) => r.jobs),
    refetchInterval: (query) => ((query.state.data ?? []).some((j) => isActive(j.stage)) ? POLL.jobActive : POLL.listIdle),
    refetchIntervalInBackground: false,
  });
}

/**
 * "Cancel all" of a network group (server action `cancelGroupAction`, lib/jobs/network-group.ts):
 * cancels each active member and re-reads it by GET; whatever the outcome, every job key is
 * invalidated, since each member's page and the lists show the stages.
 */
export function useCancelGroup(namespace: string, group: string, onSettled?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrapAction(cancelGroupAction({ namespace, group })).then((d) => d.members),
    onSettled: () => {
      onSettled?.();
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}
