import "server-only";
import { getScheduledJob } from "@/lib/hub/get-scheduled-job";
import { listJobsPage } from "@/lib/hub/list-jobs-page";
import { compactJobView, toJobView, toScheduledJobView, type JobView } from "@/lib/jobs/view";
import type { ScheduledJobDetail } from "@/lib/jobs/api-answers";
import { namespacedRoute, NO_STORE } from "../../../jobs/_lib/route-error";

/** How many job-list pages are searched for this schedule's runs (the Hub has no initiator filter). */
const RUN_PAGES = 3;

/**
 * GET /api/scheduled-jobs/{ns}/{id} → {@link ScheduledJobDetail}: the scheduled job and the runs it
 * triggered, i.e. jobs with `initiator.type = "scheduled-job"` and `initiator.id = id`
 * (specs/hub-jobs-api.md §8.2), searched in the newest {@link RUN_PAGES} list pages.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  const scheduled = await getScheduledJob({ hubUrl, accessToken, namespace, scheduledJobId: id });
  const runs: JobView[] = [];
  let pageUrl: string | undefined;
  for (let i = 0; i < RUN_PAGES; i++) {
    const page = await listJobsPage({ hubUrl, accessToken, namespace, pageUrl });
    for (const job of page.jobs) {
      const view = toJobView(job, namespace);
      if (view.initiator?.type === "scheduled-job" && view.initiator.id === id) runs.push(compactJobView(view));
    }
    if (!page.nextPageUrl) break;
    pageUrl = page.nextPageUrl;
  }
  runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const body: ScheduledJobDetail = { scheduledJob: toScheduledJobView(scheduled, namespace), runs };
  return Response.json(body, { headers: NO_STORE });
});
