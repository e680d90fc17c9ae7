import "server-only";
import { getJob } from "@huggingface/hub";
import { authorize } from "@/lib/auth/authorize";
import { toJobView } from "@/lib/jobs/view";
import { authError, NO_STORE, routeError } from "../../_lib/route-error";

/**
 * GET /api/jobs/{ns}/{id} → `{ job: JobView }`: a fresh Hub GET (specs/hub-jobs-api.md §7.4), the
 * only source of the stage the UI shows (field case B07). 404 → not_found.
 */
export async function GET(_request: Request, ctx: { params: Promise<{ namespace: string; id: string }> }): Promise<Response> {
  const { namespace, id } = await ctx.params;
  const auth = await authorize(namespace);
  if (!auth.ok) return authError(auth);
  const { hubUrl, accessToken } = auth.data;
  try {
    const job = await getJob({ hubUrl, accessToken, namespace, jobId: id });
    return Response.json({ job: toJobView(job, namespace) }, { headers: NO_STORE });
  } catch (err) {
    return routeError(err);
  }
}
