import "server-only";
import { cancelJob as libCancelJob } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/**
 * `POST /api/jobs/{ns}/{id}/cancel` (specs/hub-jobs-api.md §7.4). The answer does not mean the job is
 * CANCELED yet (field case B35): callers re-read its stage.
 * @throws HubApiError (404, 401, 403), network errors
 */
export async function cancelJob(params: HubCall & { namespace: string; jobId: string }): Promise<void> {
  await libCancelJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.jobId });
}
