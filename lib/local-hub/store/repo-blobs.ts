import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { HubContext } from "../context";
import { blobPath, hasBlob } from "./repos";

/**
 * Stores the inline (regular) files of one commit in the blob store, for {@link putBlob}'s layout.
 *
 * A commit may carry thousands of small files; through the synchronous `putBlob` (write, fsync, rename
 * each) one commit blocked the event loop for its whole length (pentest). Here a blob that is already
 * stored is not written again (contents are named by sha256 and immutable), writes are asynchronous,
 * the loop is yielded between files, and the new blobs are flushed together once, in parallel, before
 * the caller writes the commit row: one durability point per commit instead of one fsync per file.
 * @param files contents, in order
 * @returns sha256 (64 hex) and size in bytes of each, in the same order
 */
export async function putInlineBlobs(ctx: HubContext, files: Uint8Array[]): Promise<{ sha256: string; size: number }[]> {
  const out: { sha256: string; size: number }[] = [];
  const written = new Set<string>();
  const tmpDir = join(ctx.dir, "repo-blobs", "tmp");
  await mkdir(tmpDir, { recursive: true });
  for (const bytes of files) {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    out.push({ sha256, size: bytes.length });
    if (!hasBlob(ctx, sha256) && !written.has(sha256)) {
      const tmp = join(tmpDir, randomBytes(12).toString("hex"));
      const fh = await open(tmp, "wx", 0o444);
      try {
        await fh.writeFile(bytes);
      } catch (err) {
        await fh.close();
        await rm(tmp, { force: true });
        throw err;
      }
      await fh.close();
      const target = blobPath(ctx, sha256);
      await mkdir(join(target, ".."), { recursive: true });
      await rename(tmp, target);
      written.add(sha256);
    }
    await yieldToLoop();
  }
  // The one durability point: every new blob on disk before the commit that names it is recorded.
  await Promise.all([...written].map(async (sha256) => {
    const fh = await open(blobPath(ctx, sha256), "r");
    try {
      await fh.datasync();
    } finally {
      await fh.close();
    }
  }));
  return out;
}
