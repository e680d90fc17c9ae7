import "server-only";
import { getScheduledJob as libGetScheduledJob } from "@huggingface/hub";
import type { ApiScheduledJob } from "./api-types";
import type { HubCall } from "./credentials";

/**
 * `GET /api/scheduled-jobs/{ns}/{id}` (specs/hub-jobs-api.md §8.2).
 * @throws HubApiError (404 unknown schedule, 401, 403), network errors
 */
export function getScheduledJob(params: HubCall & { namespace: string; scheduledJobId: string }): Promise<ApiScheduledJob> {
  return libGetScheduledJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.scheduledJobId });
}
