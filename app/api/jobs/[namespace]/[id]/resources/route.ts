import "server-only";
import { readKeptSeries } from "@/lib/jobs/kept-resources";
import { namespacedRoute, NO_STORE } from "../../../_lib/route-error";

/**
 * GET /api/jobs/{ns}/{id}/resources → `{ series: ResourceSeries | null }` (lib/jobs/resource-series.ts):
 * the resource samples the app kept for this job when its metrics streams closed, so the charts
 * outlive the job (the Hub's metrics stream answers 500 once a job finished, §7.7). null when the
 * app never watched the job run.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  const series = await readKeptSeries({ hubUrl, accessToken, namespace, jobId: id });
  return Response.json({ series }, { headers: NO_STORE });
});
