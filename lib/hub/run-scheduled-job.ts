import "server-only";
import { runScheduledJob as libRunScheduledJob } from "@huggingface/hub";
import type { ApiJob } from "./api-types";
import type { HubCall } from "./credentials";

/**
 * `POST /api/scheduled-jobs/{ns}/{id}/run` (specs/hub-jobs-api.md §8.3) → the triggered job, or null
 * when the Hub answers 409 (a run is active and the schedule's concurrency is off).
 * @throws HubApiError (404, 401, 403), network errors
 */
export async function runScheduledJob(params: HubCall & { namespace: string; scheduledJobId: string }): Promise<ApiJob | null> {
  return (await libRunScheduledJob({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: params.namespace, jobId: params.scheduledJobId })) as ApiJob | null;
}
