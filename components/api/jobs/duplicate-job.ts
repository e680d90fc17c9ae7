import { useMutation, useQueryClient } from "@tanstack/react-query";
import { duplicateJobAction } from "@/lib/jobs/actions";
import type { DuplicateResult } from "@/lib/jobs/job-commands";
import { jobKeys } from "../query-keys";
import { unwrapAction } from "../unwrap-action";

/**
 * The Duplicate mutation of one job (server action `duplicateJobAction`: same spec, fresh folder).
 * On success it invalidates the job lists (a new job) and hands the new job's id to `onSuccess`.
 */
export function useDuplicateJob(job: { namespace: string; id: string }, onSuccess?: (data: DuplicateResult) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrapAction(duplicateJobAction({ namespace: job.namespace, jobId: job.id })),
    onSuccess: (data) => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      onSuccess?.(data);
    },
  });
}
