"use client";

import { Button } from "@/components/ui/button";
import { formatBytes } from "./dropped-files";
import type { LaunchProgress } from "@/components/api/launch/send-launch";

/**
 * The launch progress: a determinate bar while the browser sends the files (bytes sent / total),
 * then an indeterminate one while the server uploads them to the bucket, checks them and starts the
 * job, then "opening the job page".
 */
export function ProgressPanel({
  progress,
  fileCount,
  mode,
  onCancel,
}: {
  progress: LaunchProgress;
  fileCount: number;
  mode: "now" | "schedule";
  /** offered while bytes are still being sent (afterwards the server may already be launching) */
  onCancel: () => void;
}) {
  const uploading = progress.phase === "uploading";
  const percent = uploading && progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : null;
  const label =
    progress.phase === "uploading"
      ? `Uploading ${fileCount} file${fileCount === 1 ? "" : "s"}: ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`
      : progress.phase === "starting"
        ? mode === "now"
          ? "Files sent. Storing them in the bucket and starting the job…"
          : "Files sent. Storing them in the bucket and creating the schedule…"
        : mode === "now"
          ? "Job started. Opening its page…"
          : "Schedule created. Opening its page…";
  return (
    <div className="space-y-1.5" data-testid="launch-progress">
      <p className="text-sm" role="status" aria-live="polite">
        {label}
      </p>
      <div
        role="progressbar"
        aria-label="Launch progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? label : `${percent}%`}
        className="h-2 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800"
      >
        {percent !== null ? (
          <div className="h-full bg-brand transition-[width]" style={{ width: `${percent}%` }} />
        ) : (
          <div className={`h-full bg-brand ${progress.phase === "done" ? "w-full" : "w-1/3 animate-pulse"}`} />
        )}
      </div>
      {uploading && (
        <Button size="sm" onClick={onCancel}>
          Cancel upload
        </Button>
      )}
    </div>
  );
}
