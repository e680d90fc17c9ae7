"use client";

import Link from "next/link";
import { useState } from "react";
import { useScheduledJobAction } from "@/components/api/scheduled-jobs/scheduled-job-actions";
import type { ScheduledJobView } from "@/lib/jobs/view";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { appPaths } from "@/lib/app-paths";

/**
 * Suspend / Resume, Run now, Delete (confirmed); the mutation and its invalidations:
 * components/api/scheduled-jobs/scheduled-job-actions.ts. `afterDelete` runs once the schedule is gone.
 * `compact` renders small buttons for table rows.
 */
export function ScheduleActions({ scheduled, compact = false, afterDelete }: { scheduled: ScheduledJobView; compact?: boolean; afterDelete?: () => void }) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  /** id of the job the last "Run now" started */
  const [notice, setNotice] = useState<string | null>(null);
  const ref = { namespace: scheduled.namespace, scheduledJobId: scheduled.id };
  const label = scheduled.name ?? scheduled.id;

  const mutation = useScheduledJobAction(ref, (data, kind) => {
    if (kind === "delete") {
      setConfirmDelete(false);
      afterDelete?.();
    }
    if (kind === "run" && data) setNotice(data.jobId);
  });
  const size = compact ? "sm" : "md";
  const busy = mutation.isPending ? mutation.variables : null;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size={size} variant="primary" onClick={() => mutation.mutate("run")} disabled={mutation.isPending} aria-label={compact ? `Run ${label} now` : undefined}>
        {busy === "run" ? "Starting…" : "Run now"}
      </Button>
      {scheduled.suspend ? (
        <Button size={size} onClick={() => mutation.mutate("resume")} disabled={mutation.isPending} aria-label={compact ? `Resume ${label}` : undefined}>
          {busy === "resume" ? "Resuming…" : "Resume"}
        </Button>
      ) : (
        <Button size={size} onClick={() => mutation.mutate("suspend")} disabled={mutation.isPending} aria-label={compact ? `Suspend ${label}` : undefined}>
          {busy === "suspend" ? "Suspending…" : "Suspend"}
        </Button>
      )}
      <Button size={size} variant="ghost" onClick={() => setConfirmDelete(true)} disabled={mutation.isPending} aria-label={compact ? `Delete ${label}` : undefined}>
        Delete
      </Button>
      {notice && !mutation.error && (
        <span role="status" className="text-xs text-neutral-600 dark:text-neutral-400">
          Started{" "}
          <Link className="font-mono text-brand-strong hover:underline" href={appPaths.job(scheduled.namespace, notice)}>
            job {notice}
          </Link>
        </span>
      )}
      {mutation.error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this schedule?"
        confirmLabel="Delete schedule"
        danger
        pending={busy === "delete"}
        onConfirm={() => mutation.mutate("delete")}
        onCancel={() => setConfirmDelete(false)}
      >
        “{label}” ({scheduled.schedule}) will never run again. Jobs it already started and their files are kept.
      </ConfirmDialog>
    </div>
  );
}
