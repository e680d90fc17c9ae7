"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { getQueryClient } from "@/components/api/query-client";
import { JobDetail } from "./job-detail";

/**
 * The job view as {@link JobHandoff} shows it in place of the composer (components/jobs/job-handoff.tsx):
 * outside the jobs pages' layout, so it brings react-query's provider with the tab's one client
 * (components/api/query-client.ts), which the launch answer seeded. Loaded on demand, with the view.
 */
export function JobDetailInPlace(props: { namespace: string; jobId: string }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <JobDetail {...props} />
    </QueryClientProvider>
  );
}
