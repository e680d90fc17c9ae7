import "server-only";
import { deleteScheduledJob as libDeleteScheduledJob } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/**
 * `DELETE /api/scheduled-jobs/{ns}/{id}`: removes a schedule (its artifacts folder stays) (specs/hub-jobs-api.md §8.3).
 * @throws HubApiError (404, 401, 403), network errors
 */
export async function deleteScheduledJob(params: HubCall & { namespace: string; scheduledJobId: string }): Promise<void> {
  await libDeleteScheduledJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.scheduledJobId });
}
