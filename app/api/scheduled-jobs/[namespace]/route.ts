import "server-only";
import { listScheduledJobs } from "@huggingface/hub";
import { compactScheduledJobView, toScheduledJobView } from "@/lib/jobs/view";
import { namespacedRoute, NO_STORE } from "../../jobs/_lib/route-error";

/** GET /api/scheduled-jobs/{ns} → `{ scheduledJobs: ScheduledJobView[] }` (specs/hub-jobs-api.md §8.3; not paginated). */
export const GET = namespacedRoute<{ namespace: string }>(async ({ params: { namespace }, session: { hubUrl, accessToken } }) => {
  const rows = await listScheduledJobs({ hubUrl, accessToken, namespace });
  return Response.json({ scheduledJobs: rows.map((s) => compactScheduledJobView(toScheduledJobView(s, namespace))) }, { headers: NO_STORE });
});
