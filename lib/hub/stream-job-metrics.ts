import "server-only";
import { streamJobMetrics as libStreamJobMetrics } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/**
 * The job's metrics SSE (`GET /api/jobs/{ns}/{id}/metrics`, specs/hub-jobs-api.md §7.7): one raw
 * `data` payload per event (snake_case JSON). Ends when the Hub closes the stream.
 * @param params.fetch carry an AbortSignal in it to stop the upstream read
 * @throws HubApiError (5xx for a finished job, 404, 401, 403), network errors
 */
export function streamJobMetrics(params: HubCall & { namespace: string; jobId: string }): AsyncGenerator<string> {
  return libStreamJobMetrics({ hubUrl: params.hubUrl, accessToken: params.accessToken, namespace: params.namespace, jobId: params.jobId, ...(params.fetch ? { fetch: params.fetch } : {}) });
}
