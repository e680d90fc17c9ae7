"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { getQueryClient } from "@/components/api/query-client";
import { JobDetail } from "./job-detail";
import { RecoveredNotice } from "./recovered-notice";

/**
 * The job view as {@link JobHandoff} shows it in place of the composer (components/jobs/job-handoff.tsx):
 * outside the jobs pages' layout, so it brings react-query's provider with the tab's one client
 * (components/api/query-client.ts), which the launch answer seeded. Loaded on demand, with the view;
 * `recovered` shows the job page's notice that the launch answer was lost and the job found again.
 */
export function JobDetailInPlace({ recovered = false, ...props }: { namespace: string; jobId: string; recovered?: boolean }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      {recovered && <RecoveredNotice />}
      <JobDetail {...props} />
    </QueryClientProvider>
  );
}
