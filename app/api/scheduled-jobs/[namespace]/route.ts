import "server-only";
import { listScheduledJobs } from "@huggingface/hub";
import { authorize } from "@/lib/auth/authorize";
import { toScheduledJobView } from "@/lib/jobs/view";
import { authError, NO_STORE, routeError } from "../../jobs/_lib/route-error";

/** GET /api/scheduled-jobs/{ns} → `{ scheduledJobs: ScheduledJobView[] }` (specs/hub-jobs-api.md §8.3; not paginated). */
export async function GET(_request: Request, ctx: { params: Promise<{ namespace: string }> }): Promise<Response> {
  const { namespace } = await ctx.params;
  const auth = await authorize(namespace);
  if (!auth.ok) return authError(auth);
  const { hubUrl, accessToken } = auth.data;
  try {
    const rows = await listScheduledJobs({ hubUrl, accessToken, namespace });
    return Response.json({ scheduledJobs: rows.map((s) => toScheduledJobView(s, namespace)) }, { headers: NO_STORE });
  } catch (err) {
    return routeError(err);
  }
}
