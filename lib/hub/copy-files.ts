import "server-only";
import { commit } from "@huggingface/hub";
import type { HubCall } from "./credentials";

/** One server-side copy: the file with Xet hash `sourceXetHash` of `sourceBucket`, stored again at `path`. */
export interface FileCopy {
  path: string;
  sourceXetHash: string;
  sourceBucket: string;
}

/**
 * Copies files inside the Hub by content hash, no bytes transferred: one commit of `copy` operations,
 * one bucket batch call per 100 files (specs/hub-buckets-xet.md §3.5; @huggingface/hub lib/commit.ts).
 * @param params.bucket the bucket written to, `namespace/name`
 * @throws HubApiError; a plain Error `Failed to upload …` naming the paths a 422 batch answer refused; network errors
 */
export async function copyFiles(params: HubCall & { bucket: string; title: string; copies: FileCopy[] }): Promise<void> {
  await commit({
    repo: { type: "bucket", name: params.bucket },
    title: params.title,
    operations: params.copies.map((c) => ({ operation: "copy", path: c.path, sourceXetHash: c.sourceXetHash, sourceRepo: { type: "bucket", name: c.sourceBucket } })),
    hubUrl: params.hubUrl,
    accessToken: params.accessToken,
    ...(params.fetch ? { fetch: params.fetch } : {}),
  });
}
