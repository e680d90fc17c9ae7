/**
 * The job page's notice for `?recovered=1` (set by the composer): the launch's answer was lost and the
 * job was found by its launch key, so the user knows it ran once. Shared by the job page and the
 * composer's hand-off view (./job-handoff.tsx), which shows the same page before its route has loaded.
 */
export function RecoveredNotice() {
  return (
    <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
      The Hub&apos;s answer to the launch was lost; this job was found by its launch key. It was started once.
    </p>
  );
}
