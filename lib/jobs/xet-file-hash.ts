import { createChunker, fileHash, finalize, hashToHex, nextBlock, type Chunk } from "@huggingface/xetchunk-wasm";
import { installNativeBlake3 } from "./native-blake3";

// Every Xet chunker of this server process (the upload's in @huggingface/hub and this file's) hashes
// its chunks with native BLAKE3 from here on. prepare-launch imports this module, so the launch path
// always loads it before it uploads.
installNativeBlake3();

/**
 * The Xet file hash of a blob (the `xetHash` a bucket reports in paths-info and listings), computed
 * with the same chunker and hash functions @huggingface/hub uploads with (@huggingface/xetchunk-wasm:
 * content-defined 64 KiB chunks, `file_hash = hmac(xorb_hash(chunks), 0)`, all-zero for an empty file;
 * specs/hub-buckets-xet.md §5.2–5.3). Used to tell whether a retry's folder already holds this exact
 * content, so unchanged files are not sent again.
 * @returns 64 lowercase hex chars in the Xet word order
 */
export async function xetFileHash(blob: Blob): Promise<string> {
  const chunker = createChunker();
  const chunks: Chunk[] = [];
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(...nextBlock(chunker, value));
  }
  const last = finalize(chunker);
  if (last) chunks.push(last);
  return hashToHex(fileHash(chunks));
}
