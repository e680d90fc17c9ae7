import "server-only";
import { duplicateJob as libDuplicateJob } from "@huggingface/hub";
import type { ApiJob } from "./api-types";
import type { HubCall } from "./credentials";

/**
 * The Hub's own duplicate, `POST /api/jobs/{ns}/{id}/duplicate` (specs/hub-jobs-api.md §7.4): the same
 * spec re-sent as is, `initiator` `{type: "duplicated-job", id}`. Only for jobs without an artifacts
 * folder (lib/jobs/duplicate-job.ts says why).
 * @throws HubApiError (404, 401, 403), network errors
 */
export async function duplicateJob(params: HubCall & { namespace: string; jobId: string }): Promise<ApiJob> {
  return (await libDuplicateJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.jobId })) as ApiJob;
}
