import "server-only";
import type { HubCall } from "./credentials";
import { hubApiErrorFromResponse } from "./hub-api-error";

/**
 * The ids (`namespace/name`) of `namespace`'s buckets the token can see, first page only (at most
 * `limit`): `GET /api/buckets/{namespace}` (specs/hub-buckets-xet.md; huggingface_hub `list_buckets`).
 * A gap of @huggingface/hub, which lists files in a bucket but not the buckets themselves.
 * @throws HubApiError on a non-2xx answer (via {@link hubApiErrorFromResponse}); network errors as thrown by fetch
 */
export async function listBuckets(p: HubCall & { namespace: string; limit?: number }): Promise<string[]> {
  const limit = p.limit ?? 100;
  const res = await (p.fetch ?? fetch)(`${p.hubUrl}/api/buckets/${encodeURIComponent(p.namespace)}?limit=${limit}`, {
    headers: { Authorization: `Bearer ${p.accessToken}` },
  });
  if (!res.ok) throw await hubApiErrorFromResponse(res);
  const body: unknown = await res.json();
  if (!Array.isArray(body)) return [];
  return body
    .map((b: unknown) => (b && typeof b === "object" ? (b as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === "string")
    .slice(0, limit);
}
