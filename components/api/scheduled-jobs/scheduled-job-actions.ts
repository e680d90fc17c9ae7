import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  deleteScheduledJobAction,
  resumeScheduledJobAction,
  runScheduledJobNowAction,
  suspendScheduledJobAction,
} from "@/lib/jobs/actions";
import { jobKeys, scheduledKeys } from "../query-keys";
import { unwrapAction } from "../unwrap-action";

/** What a schedule's buttons do: suspend, resume, run now (answers the started job), delete. */
export type ScheduledJobActionKind = "suspend" | "resume" | "run" | "delete";

/**
 * The mutation behind a schedule's Suspend / Resume / Run now / Delete (server actions of
 * lib/jobs/actions.ts): `mutate(kind)`; the data is `{ jobId }` for "run", else null. Whatever the
 * outcome, it invalidates every scheduled-job query (state, next run, runs) and the job lists (a run
 * creates a job). `onSuccess` is the caller's (close a dialog, show the started job).
 */
export function useScheduledJobAction(
  ref: { namespace: string; scheduledJobId: string },
  onSuccess?: (data: { jobId: string } | null, kind: ScheduledJobActionKind) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (kind: ScheduledJobActionKind): Promise<{ jobId: string } | null> => {
      switch (kind) {
        case "suspend":
          await unwrapAction(suspendScheduledJobAction(ref));
          return null;
        case "resume":
          await unwrapAction(resumeScheduledJobAction(ref));
          return null;
        case "delete":
          await unwrapAction(deleteScheduledJobAction(ref));
          return null;
        case "run":
          return unwrapAction(runScheduledJobNowAction(ref));
      }
    },
    onSuccess,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: scheduledKeys.all });
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}
