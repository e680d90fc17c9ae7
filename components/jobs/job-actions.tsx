"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useCancelJob } from "@/components/api/jobs/cancel-job";
import { useDuplicateJob } from "@/components/api/jobs/duplicate-job";
import { useQuery } from "@tanstack/react-query";
import { hardwareOptions } from "@/components/api/hardware/list-hardware";
import { isTerminal } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { appPaths } from "@/lib/app-paths";
import { describeDuplicateCost, duplicateCost } from "./duplicate-cost";

/** After this long without a CANCELED stage, the page says so and offers to try again (field case B35). */
const CANCEL_PATIENCE_MS = 30_000;

/** Where "Edit and re-run" goes: the composer, prefilled from this job (files reused from its folder). */
export function editAndRerunHref(job: Pick<JobView, "namespace" | "id">): string {
  return appPaths.rerun(job.namespace, job.id);
}

/**
 * Cancel (with confirmation; "Cancelling…" until a fresh GET shows the job final — the cancel call's
 * answer is not trusted, B35), Duplicate (asks first with the worst-case cost; same spec, new job,
 * then opens it) and Edit and re-run.
 * Mutations invalidate the job's detail and the lists.
 */
export function JobActions({ job }: { job: JobView }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  // issue 13: Duplicate asks first, showing what the new run can cost at most
  const [confirmDuplicate, setConfirmDuplicate] = useState(false);
  const hardware = useQuery(hardwareOptions());
  const [cancelSentAt, setCancelSentAt] = useState<number | null>(null);
  const [slow, setSlow] = useState(false);
  const final = isTerminal(job.stage);

  const cancel = useCancelJob(job, () => {
    setConfirming(false);
    setCancelSentAt(Date.now());
    setSlow(false);
  });
  const duplicate = useDuplicateJob(job, (data) => {
    setConfirmDuplicate(false);
    router.push(appPaths.job(job.namespace, data.jobId));
  });

  useEffect(() => {
    if (cancelSentAt === null || final) return;
    const t = setTimeout(() => setSlow(true), Math.max(0, cancelSentAt + CANCEL_PATIENCE_MS - Date.now()));
    return () => clearTimeout(t);
  }, [cancelSentAt, final]);

  const cancelling = cancelSentAt !== null && !final;

  return (
    <div className="flex flex-wrap items-center gap-2">
      {!final && (
        <Button variant="danger" onClick={() => setConfirming(true)} disabled={cancelling && !slow}>
          {cancelling ? (slow ? "Cancel again" : "Cancelling…") : "Cancel"}
        </Button>
      )}
      <Button onClick={() => setConfirmDuplicate(true)} disabled={duplicate.isPending}>
        {duplicate.isPending ? "Duplicating…" : "Duplicate"}
      </Button>
      <Link href={editAndRerunHref(job)} className={buttonClass()}>
        Edit and re-run
      </Link>
      {cancelling && slow && (
        <p role="status" className="w-full text-sm text-amber-700 dark:text-amber-300">
          The Hub accepted the cancel request, but the job is still {job.stage} after {CANCEL_PATIENCE_MS / 1000} s. It may still be running and billing.
        </p>
      )}
      {cancel.error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          Cancel failed: {cancel.error.message}
        </p>
      )}
      {duplicate.error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          Duplicate failed: {duplicate.error.message}
        </p>
      )}
      <ConfirmDialog
        open={confirmDuplicate}
        title="Duplicate this job?"
        confirmLabel="Duplicate"
        pending={duplicate.isPending}
        onConfirm={() => duplicate.mutate()}
        onCancel={() => setConfirmDuplicate(false)}
      >
        <span className="block">A new job starts with the same spec on {job.flavor}.</span>
        <span className="mt-1 block font-medium" data-testid="duplicate-cost">
          {describeDuplicateCost(job.flavor, duplicateCost(job.flavor, job.timeoutSeconds, hardware.data))}
        </span>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming}
        title="Cancel this job?"
        confirmLabel="Cancel job"
        cancelLabel="Keep running"
        danger
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => setConfirming(false)}
      >
        The job stops and its container is removed. Files it already wrote to /data stay in the artifacts folder.
      </ConfirmDialog>
    </div>
  );
}
