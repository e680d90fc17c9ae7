import "server-only";
import { getScheduledJob } from "@/lib/hub/get-scheduled-job";
import { listJobsPage } from "@/lib/hub/list-jobs-page";
import { compactJobView, toJobView, toScheduledJobView, type JobView } from "@/lib/jobs/view";
import type { ScheduledJobDetail } from "@/lib/jobs/api-answers";
import { isLineageRun, scheduleLineageOf } from "@/lib/jobs/schedule-labels";
import { namespacedRoute, NO_STORE } from "../../../jobs/_lib/route-error";

/** How many job-list pages are searched for this schedule's runs (the Hub has no initiator filter). */
const RUN_PAGES = 3;

/**
 * GET /api/scheduled-jobs/{ns}/{id} → {@link ScheduledJobDetail}: the scheduled job and the runs it
 * triggered, i.e. jobs with `initiator.type = "scheduled-job"` and `initiator.id = id`
 * (specs/hub-jobs-api.md §8.2), and those of the schedules it replaced by edits (lib/jobs/schedule-labels.ts
 * `isLineageRun`), searched in the newest {@link RUN_PAGES} list pages.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  const scheduled = await getScheduledJob({ hubUrl, accessToken, namespace, scheduledJobId: id });
  const view = toScheduledJobView(scheduled, namespace);
  // an edited schedule is a new one (the Hub has no update): its lineage's runs are its history too
  const { lineage } = scheduleLineageOf(id, view.spec.labels);
  const runs: JobView[] = [];
  let pageUrl: string | undefined;
  for (let i = 0; i < RUN_PAGES; i++) {
    const page = await listJobsPage({ hubUrl, accessToken, namespace, pageUrl });
    for (const job of page.jobs) {
      const run = toJobView(job, namespace);
      if (isLineageRun(run, id, lineage)) runs.push(compactJobView(run));
    }
    if (!page.nextPageUrl) break;
    pageUrl = page.nextPageUrl;
  }
  runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const body: ScheduledJobDetail = { scheduledJob: view, runs };
  return Response.json(body, { headers: NO_STORE });
});
