import "server-only";
import { readScheduledJobList } from "@/lib/hub/namespace-reads";
import { compactScheduledJobView, toScheduledJobView } from "@/lib/jobs/view";
import { namespacedRoute, NO_STORE } from "../../jobs/_lib/route-error";

/**
 * GET /api/scheduled-jobs/{ns} → `{ scheduledJobs: ScheduledJobView[] }` (specs/hub-jobs-api.md §8.3; not paginated).
 * `namespacedRoute` authorizes every request; identical reads of the namespace within a poll interval
 * then share one Hub answer (lib/hub/namespace-reads.ts `readScheduledJobList`).
 */
export const GET = namespacedRoute<{ namespace: string }>(async ({ params: { namespace }, session: { hubUrl, accessToken } }) => {
  const rows = await readScheduledJobList({ hubUrl, accessToken, namespace });
  return Response.json({ scheduledJobs: rows.map((s) => compactScheduledJobView(toScheduledJobView(s, namespace))) }, { headers: NO_STORE });
});
