import "server-only";
import { listFiles, type ListFileEntry } from "@huggingface/hub";
import type { HubCall } from "./credentials";
import { encodePath } from "./web-urls";

/** One entry of a bucket listing (specs/hub-buckets-xet.md §3.3): `uploadedAt` with `expand`. */
export type FolderListEntry = ListFileEntry;

/**
 * `GET /api/buckets/{bucket}/tree[/{path}]?recursive=…&expand=true` (specs/hub-buckets-xet.md §3.3),
 * every page (the library follows `Link: rel="next"`). `path` is encoded here, per segment, because the
 * library pastes it into the URL unencoded (`#`, `?`, `%` would break it; the Hub percent-decodes).
 * The Hub filters by prefix lexically: callers keep only entries under `{path}/`.
 * @param params.bucket `namespace/name`; params.path folder inside it, raw (omit for the root)
 * @throws HubApiError (404 bucket or folder missing, 401, 403), network errors
 */
export function listFolder(params: HubCall & { bucket: string; path?: string; recursive: boolean }): AsyncGenerator<FolderListEntry> {
  return listFiles({
    repo: { type: "bucket", name: params.bucket },
    ...(params.path ? { path: encodePath(params.path) } : {}),
    recursive: params.recursive,
    expand: true,
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    ...(params.fetch ? { fetch: params.fetch } : {}),
  });
}
