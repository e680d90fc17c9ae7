import "server-only";
import type { HubCall } from "./credentials";
import { hubApiErrorFromResponse } from "./hub-api-error";
import type { JobSpec } from "./job-spec";
import { assertOneImage } from "./run-job";

/**
 * `POST /api/scheduled-jobs/{ns}` with `{jobSpec, schedule, suspend, concurrency}` (specs/hub-jobs-api.md
 * §8.1). The spec is sent in its wire shape (see lib/hub/run-job.ts for why not the library's), without
 * `arguments`: a scheduled job's spec has none (§8.1, as @huggingface/hub's `createScheduledJob` sends it).
 * @param params.schedule a normalized cron expression or `@hourly`-style shortcut (lib/jobs/cron.ts)
 * @returns the new scheduled job's id
 * @throws Error when the spec has both or neither image kinds; HubApiError (400 bad cron, 401, 403, 5xx); network errors
 */
export async function createScheduledJob(
  params: HubCall & { namespace: string; spec: JobSpec; schedule: string; suspend: boolean; concurrency: boolean },
): Promise<{ id: string }> {
  assertOneImage(params.spec);
  const { arguments: _arguments, ...jobSpec } = params.spec;
  void _arguments;
  const response = await (params.fetch ?? fetch)(`${params.hubUrl}/api/scheduled-jobs/${encodeURIComponent(params.namespace)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${params.accessToken}` },
    body: JSON.stringify({ jobSpec, schedule: params.schedule, suspend: params.suspend, concurrency: params.concurrency }),
  });
  if (!response.ok) throw await hubApiErrorFromResponse(response);
  return (await response.json()) as { id: string };
}
