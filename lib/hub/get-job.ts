import "server-only";
import { getJob as libGetJob } from "@huggingface/hub";
import type { ApiJob } from "./api-types";
import type { HubCall } from "./credentials";

/**
 * `GET /api/jobs/{ns}/{id}` (specs/hub-jobs-api.md §7.4): the job as the Hub answers it, 2.x fields
 * included ({@link ApiJob}). `jobId` must already match HUB_ID_PATTERN: the library pastes it unencoded.
 * @throws HubApiError (404 unknown job, 401, 403), network errors
 */
export async function getJob(params: HubCall & { namespace: string; jobId: string }): Promise<ApiJob> {
  return (await libGetJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.jobId })) as ApiJob;
}
