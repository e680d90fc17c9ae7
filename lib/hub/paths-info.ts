import "server-only";
import { pathsInfo as libPathsInfo } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/** What the Hub knows of one path of a bucket (specs/hub-buckets-xet.md §3.4). */
export interface PathInfo {
  path: string;
  type: string;
  /** bytes */
  size: number;
  xetHash?: string;
}

/**
 * `POST /api/buckets/{bucket}/paths-info` (specs/hub-buckets-xet.md §3.4): which of `paths` exist, with
 * size and Xet hash. At most 1000 paths per call (callers batch).
 * @param params.bucket `namespace/name`
 * @throws HubApiError (401, 403, 404 bucket), network errors
 */
export async function pathsInfo(params: HubCall & { bucket: string; paths: string[] }): Promise<PathInfo[]> {
  const infos = await libPathsInfo({
    repo: { type: "bucket", name: params.bucket },
    paths: params.paths,
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    fetch: params.fetch,
  });
  return infos.map((i) => ({ path: i.path, type: i.type, size: i.size, ...(i.xetHash !== undefined ? { xetHash: i.xetHash } : {}) }));
}
