import "server-only";
import { listScheduledJobs as libListScheduledJobs } from "@huggingface/hub";
import type { ApiScheduledJob } from "./api-types";
import type { HubCall } from "./credentials";

/**
 * `GET /api/scheduled-jobs/{ns}` (specs/hub-jobs-api.md §8.3): every scheduled job of the namespace
 * (the list is not paginated and has no label filter).
 * @throws HubApiError (401, 403), network errors
 */
export function listScheduledJobs(params: HubCall & { namespace: string }): Promise<ApiScheduledJob[]> {
  return libListScheduledJobs({ hubUrl: params.hubUrl, accessToken: params.accessToken, namespace: params.namespace, ...(params.fetch ? { fetch: params.fetch } : {}) });
}
