import "server-only";
import { suspendScheduledJob as libSuspendScheduledJob } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/**
 * `POST /api/scheduled-jobs/{ns}/{id}/suspend`: pauses a schedule (specs/hub-jobs-api.md §8.3).
 * @throws HubApiError (404, 401, 403), network errors
 */
export async function suspendScheduledJob(params: HubCall & { namespace: string; scheduledJobId: string }): Promise<void> {
  await libSuspendScheduledJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.scheduledJobId });
}
