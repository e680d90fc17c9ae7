import { useMutation, useQueryClient } from "@tanstack/react-query";
import { cancelJobAction } from "@/lib/jobs/actions";
import { jobKeys, scheduledKeys } from "../query-keys";
import { unwrapAction } from "../unwrap-action";

/**
 * The Cancel mutation of one job (server action `cancelJobAction`). Its answer is not trusted (B35):
 * whatever the outcome it invalidates the job, the job lists and the scheduled jobs' pages (a
 * schedule's page lists its runs), so a fresh GET shows the stage.
 */
export function useCancelJob(job: { namespace: string; id: string }, onSuccess?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrapAction(cancelJobAction({ namespace: job.namespace, jobId: job.id })),
    onSuccess: () => onSuccess?.(),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(job.namespace, job.id) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: scheduledKeys.details() });
    },
  });
}
