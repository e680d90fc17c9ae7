import "server-only";
import { getJob } from "@/lib/hub/get-job";
import { jobReads } from "@/lib/hub/namespace-reads";
import { tokenKey } from "@/lib/hub/ttl-cache";
import { toJobView } from "@/lib/jobs/view";
import { namespacedRoute, NO_STORE } from "../../_lib/route-error";

/**
 * GET /api/jobs/{ns}/{id} → `{ job: JobView }`: a fresh Hub GET (specs/hub-jobs-api.md §7.4), the
 * only source of the stage the UI shows (field case B07), at most 2 s old (shared per namespace). 404 → not_found.
 */
export const GET = namespacedRoute<{ namespace: string; id: string }>(async ({ params: { namespace, id }, session: { hubUrl, accessToken } }) => {
  // Every tab following this job shares one Hub GET per poll interval (lib/hub/namespace-reads.ts).
  const job = await jobReads.read({ namespace, key: `${hubUrl}\u0000${id}`, tokenKey: await tokenKey(accessToken), load: () => getJob({ hubUrl, accessToken, namespace, jobId: id }) });
  return Response.json({ job: toJobView(job, namespace) }, { headers: NO_STORE });
});
