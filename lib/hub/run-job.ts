import "server-only";
import type { ApiJob } from "./api-types";
import type { HubCall } from "./credentials";
import { hubApiErrorFromResponse } from "./hub-api-error";
import type { JobSpec } from "./job-spec";

/**
 * `POST /api/jobs/{ns}` (specs/hub-jobs-api.md §4): creates a job from the wire-shaped {@link JobSpec},
 * sent as is. Our own call rather than @huggingface/hub's `runJob`, which takes volumes as repo
 * designations and silently drops the fields it does not type (arch and attempts it keeps; `expose`,
 * `ssh`, `network`, `resourceGroupId` of specs/hub-jobs-2x.md it loses).
 * @returns the created job as the Hub answers it
 * @throws Error when the spec has both or neither of `dockerImage`/`spaceId` (nothing is sent: a bug
 *   upstream of here); HubApiError (400/422 invalid spec, 401, 403, 429, 5xx); network errors
 */
export async function runJob(params: HubCall & { namespace: string; spec: JobSpec }): Promise<ApiJob> {
  assertOneImage(params.spec);
  const response = await (params.fetch ?? fetch)(`${params.hubUrl}/api/jobs/${encodeURIComponent(params.namespace)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${params.accessToken}` },
    body: JSON.stringify(params.spec),
  });
  if (!response.ok) throw await hubApiErrorFromResponse(response);
  return (await response.json()) as ApiJob;
}

/** Exactly one of `dockerImage` / `spaceId` (specs/hub-jobs-api.md §4), as the official clients require. */
export function assertOneImage(spec: { dockerImage?: string; spaceId?: string }): void {
  if (!spec.dockerImage === !spec.spaceId) throw new Error("A job spec needs exactly one of dockerImage and spaceId");
}
