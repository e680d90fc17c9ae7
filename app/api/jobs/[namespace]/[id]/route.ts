import "server-only";
import { getJob } from "@huggingface/hub";
import { toJobView } from "@/lib/jobs/view";
import { namespacedRoute, NO_STORE } from "../../_lib/route-error";

/**
 * GET /api/jobs/{ns}/{id} → `{ job: JobView }`: a fresh Hub GET (specs/hub-jobs-api.md §7.4), the
 * only source of the stage the UI shows (field case B07). 404 → not_found.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  const job = await getJob({ hubUrl, accessToken, namespace, jobId: id });
  return Response.json({ job: toJobView(job, namespace) }, { headers: NO_STORE });
});
