import "server-only";
import { listJobHardware } from "@huggingface/hub";
import type { ApiJobHardware } from "./api-types";
import { TtlCache } from "./ttl-cache";

/** The hardware list per Hub, 1 hour: prices and flavors change rarely (specs/hub-jobs-api.md §7.9). */
const hardwareCache = new TtlCache<ApiJobHardware[]>(60 * 60_000);

/**
 * `GET /api/jobs/hardware` through @huggingface/hub's `listJobHardware`, cached per `hubUrl`.
 * @throws HubApiError / network errors from the library (nothing is cached then)
 */
export async function listHardware(params: { hubUrl: string; accessToken?: string; fetch?: typeof fetch }): Promise<ApiJobHardware[]> {
  const hubUrl = params.hubUrl;
  const hit = hardwareCache.get(hubUrl);
  if (hit) return hit;
  const list = await listJobHardware({
    hubUrl,
    ...(params.accessToken ? { accessToken: params.accessToken } : {}),
    fetch: params.fetch,
  });
  hardwareCache.set(hubUrl, list);
  return list;
}

/** Empties the cache (tests). */
export function forgetHardware(): void {
  hardwareCache.clear();
}
