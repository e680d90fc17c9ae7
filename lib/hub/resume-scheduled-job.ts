import "server-only";
import { resumeScheduledJob as libResumeScheduledJob } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/**
 * `POST /api/scheduled-jobs/{ns}/{id}/resume`: resumes a paused schedule (specs/hub-jobs-api.md §8.3).
 * @throws HubApiError (404, 401, 403), network errors
 */
export async function resumeScheduledJob(params: HubCall & { namespace: string; scheduledJobId: string }): Promise<void> {
  await libResumeScheduledJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.scheduledJobId });
}
