import { useMutation, useQueryClient } from "@tanstack/react-query";
import { editScheduledJobAction } from "@/lib/jobs/actions";
import type { ReplaceResult, ScheduleEdit } from "@/lib/jobs/replace-schedule";
import { jobKeys, scheduledKeys } from "../query-keys";

/** A refused edit: the action's message plus its errors by field (`cron`, `timeZone`, `secrets.NAME`…). */
export class EditScheduleError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]>,
  ) {
    super(message);
  }
}

/**
 * Edit a scheduled job (server action `editScheduledJobAction`, lib/jobs/replace-schedule.ts): the Hub
 * has no update, so the new schedule is created, then the old one deleted; `deleted: false` in the
 * answer means both exist. On success every scheduled-job key and the job lists are invalidated.
 * @throws EditScheduleError when the action refuses the edit
 */
export function useEditScheduledJob(onSuccess: (data: ReplaceResult) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (edit: ScheduleEdit) => {
      const r = await editScheduledJobAction(edit);
      if (!r.ok) throw new EditScheduleError(r.error.message, r.error.fieldErrors ?? {});
      return r.data;
    },
    onSuccess: (data) => {
      void queryClient.invalidateQueries({ queryKey: scheduledKeys.all });
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      onSuccess(data);
    },
  });
}
