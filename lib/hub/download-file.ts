import "server-only";
import { downloadFile as libDownloadFile } from "@huggingface/hub";
import type { HubCall } from "./credentials";
import { encodePath } from "./web-urls";

/**
 * A file of a bucket as a lazy Blob (`…/resolve/{path}`, then Xet reconstruction;
 * specs/hub-buckets-xet.md §3.8), or null when it does not exist. `path` is raw: encoded here, per
 * segment, since the library pastes it into the URL unencoded.
 * @param params.bucket `namespace/name`
 * @throws HubApiError (401, 403, 5xx), network errors; reading the Blob may throw the same
 */
export function downloadFile(params: HubCall & { bucket: string; path: string }): Promise<Blob | null> {
  return libDownloadFile({
    repo: { type: "bucket", name: params.bucket },
    path: encodePath(params.path),
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    ...(params.fetch ? { fetch: params.fetch } : {}),
  });
}
