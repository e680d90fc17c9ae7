import "server-only";
import { createRepo, HubApiError } from "@huggingface/hub";
import { hubApiErrorFromResponse } from "./hub-api-error";
import { TtlCache } from "./ttl-cache";

/** What the app needs to know about a bucket before uploading into it. */
export interface BucketState {
  /** `namespace/name` */
  id: string;
  private: boolean;
  /** true when this call created it */
  created: boolean;
}

/**
 * Bucket state per `{hubUrl}|{ns}/{name}`, 5 minutes: a warm launch spends no request on it. The TTL
 * bounds how long a bucket made public on the Hub meanwhile could still receive uploads unwarned.
 */
const bucketCache = new TtlCache<BucketState>(5 * 60_000);

/**
 * Makes sure a bucket exists, creating it **private** when missing, and reports its visibility
 * (specs/hub-buckets-xet.md §3.1–3.2; the Python uv path does the same create with `exist_ok`,
 * specs/hub-jobs-api.md §9.3, but never checks an existing bucket's visibility — field case B25).
 *
 * Cold: `POST /api/buckets/{ns}/{name}` with `visibility: "private"` (200 → created; 409 → exists), then
 * for an existing one `GET /api/buckets/{ns}/{name}` for `private`. A 403 on create (token may write
 * files but not create) falls back to the GET. Warm: from the cache, no request.
 * @throws HubApiError (e.g. 401, 403 when the GET is refused too, 404 when creation was refused and the bucket is missing)
 */
export async function ensureBucket(params: {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  name: string;
  fetch?: typeof fetch;
  /** ignore the cache (e.g. just after a failure that suggests the bucket changed) */
  fresh?: boolean;
}): Promise<BucketState> {
  const hubUrl = params.hubUrl;
  const id = `${params.namespace}/${params.name}`;
  const key = `${hubUrl}|${id}`;
  const hit = params.fresh ? undefined : bucketCache.get(key);
  if (hit) return { ...hit, created: false };

  let state: BucketState;
  try {
    await createRepo({
      repo: { type: "bucket", name: id },
      visibility: "private",
      hubUrl,
      accessToken: params.accessToken,
      fetch: params.fetch,
    });
    state = { id, private: true, created: true };
  } catch (err) {
    if (!(err instanceof HubApiError) || (err.statusCode !== 409 && err.statusCode !== 403)) throw err;
    const info = await getBucketInfo({ ...params, hubUrl });
    state = { id, private: info.private, created: false };
  }
  bucketCache.set(key, state);
  return state;
}

/** Forgets cached bucket states (tests; or after the user changed a bucket's visibility). */
export function forgetBucketState(params?: { hubUrl: string; namespace: string; name: string }): void {
  if (!params) bucketCache.clear();
  else bucketCache.delete(`${params.hubUrl}|${params.namespace}/${params.name}`);
}

/**
 * `GET /api/buckets/{ns}/{name}` (no JS client function exists for buckets; fields per PY
 * `BucketInfo`, specs/hub-buckets-xet.md §3.2).
 * @throws HubApiError (404 with `X-Error-Code: RepoNotFound` when missing)
 */
export async function getBucketInfo(params: {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  name: string;
  fetch?: typeof fetch;
}): Promise<{ id: string; private: boolean; size?: number; totalFiles?: number; createdAt?: string }> {
  const url = `${params.hubUrl}/api/buckets/${encodeURIComponent(params.namespace)}/${encodeURIComponent(params.name)}`;
  const response = await (params.fetch ?? fetch)(url, { headers: { Authorization: `Bearer ${params.accessToken}`, Accept: "application/json" } });
  if (!response.ok) throw await hubApiErrorFromResponse(response);
  const json = (await response.json()) as { id?: unknown; private?: unknown; size?: unknown; totalFiles?: unknown; createdAt?: unknown };
  return {
    id: typeof json.id === "string" ? json.id : `${params.namespace}/${params.name}`,
    // A bucket that does not say it is private is treated as public: the safe reading.
    private: json.private === true,
    ...(typeof json.size === "number" ? { size: json.size } : {}),
    ...(typeof json.totalFiles === "number" ? { totalFiles: json.totalFiles } : {}),
    ...(typeof json.createdAt === "string" ? { createdAt: json.createdAt } : {}),
  };
}
