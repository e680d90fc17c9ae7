import "server-only";
import { AppError } from "@/lib/errors";
import { jobListReads } from "@/lib/hub/namespace-reads";
import { tokenKey } from "@/lib/hub/ttl-cache";
import { listGroupMembers } from "@/lib/jobs/network-group";
import { compactJobView, toJobView, type JobView } from "@/lib/jobs/view";
import { namespacedRoute, NO_STORE } from "../../../_lib/route-error";

const GROUP_RE = /^[a-z0-9-]{1,46}$/;

/**
 * GET /api/jobs/{ns}/groups/{group} → `{jobs: JobView[]}`: the members of one network group
 * (lib/jobs/network-group.ts), compact like the list, read through the namespace's shared list
 * answers (lib/hub/namespace-reads.ts `jobListReads`, 3 s). Errors: 400 for a malformed group name,
 * 401/403 from authorize, Hub errors mapped.
 */
export const GET = namespacedRoute<{ namespace: string; group: string }>(async ({ params: { namespace, group }, session: { hubUrl, accessToken } }) => {
  if (!GROUP_RE.test(group)) throw new AppError("invalid_input", "group: not a network group name.", { fieldErrors: { group: ["not a network group name"] } });
  const members = await jobListReads.read({
    namespace,
    key: `${hubUrl}\u0000group\u0000${group}`,
    tokenKey: await tokenKey(accessToken),
    load: async () => ({ jobs: await listGroupMembers({ hubUrl, accessToken, namespace, group }), nextPageUrl: null }),
  });
  const jobs: JobView[] = members.jobs.map((j) => compactJobView(toJobView(j, namespace)));
  return Response.json({ jobs }, { headers: NO_STORE });
});
