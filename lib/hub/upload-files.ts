import "server-only";
import { uploadFiles as libUploadFiles } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/** One file to put into a bucket: its path inside the bucket and its bytes. */
export interface UploadFile {
  path: string;
  content: Blob;
}

/**
 * Puts `files` into a bucket in one commit: Xet upload of the bytes, then one bucket batch call per
 * 100 files (specs/hub-buckets-xet.md §3.5, §4; @huggingface/hub lib/commit.ts).
 * @param params.bucket `namespace/name`; params.fetch also carries the Xet CAS requests
 * @throws HubApiError (401, 403, 5xx); a plain Error `Failed to upload …` naming the paths the batch
 *   call refused (lib/commit.ts); network errors
 */
export async function uploadFiles(params: HubCall & { bucket: string; files: UploadFile[] }): Promise<void> {
  await libUploadFiles({
    repo: { type: "bucket", name: params.bucket },
    files: params.files,
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    ...(params.fetch ? { fetch: params.fetch } : {}),
  });
}
