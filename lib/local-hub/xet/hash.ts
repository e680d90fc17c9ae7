import { fileHash, hashToHex, hexToBytes, hmac, verificationHash, xorbHash, type Chunk } from "@huggingface/xetchunk-wasm";

/**
 * Xet hash helpers (specs/hub-buckets-xet.md §5.1, §5.3). Hash strings are 64 lowercase hex chars in
 * the "four little-endian u64" convention; raw hashes are the 32 digest bytes. The BLAKE3 work is done
 * by `@huggingface/xetchunk-wasm` 0.2.0 (JIT-compiled WASM; about 8× faster than pure-JS BLAKE3 here),
 * which the spec's vectors were computed with.
 */

/** BLAKE3 key for chunk hashes, `DATA_KEY` of spec §5.3 (xet-core merklehash/data_hash.rs). */
export const DATA_KEY = new Uint8Array([
  102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43, 88, 180, 208,
  176, 75, 147, 173, 242, 41,
]);

/** The all-zero hash string: the xetHash of the empty file (spec §5.3). */
export const ZERO_HASH = "0".repeat(64);

/** True for a 64-lowercase-hex hash string. */
export function isHashString(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** Raw 32 bytes → hash string (§5.1). */
export function hashHex(bytes: Uint8Array): string {
  return hashToHex(bytes);
}

/** Hash string → raw 32 bytes (§5.1). The caller validates the string with {@link isHashString}. */
export function hashBytes(hex: string): Uint8Array {
  return hexToBytes(hex);
}

/**
 * Chunk hash = keyed BLAKE3 (`DATA_KEY`) of the uncompressed chunk bytes (§5.3). xetchunk-wasm's
 * `hmac(data, key)` is exactly `blake3_keyed(key, data)` for any length of data.
 */
export function chunkHash(data: Uint8Array): Uint8Array {
  return hmac(data, DATA_KEY);
}

/** One `(hash, length)` leaf of the Merkle aggregation: raw hash and unpacked byte length. */
export type HashLeaf = Chunk;

/** Xorb hash = Merkle root over the xorb's chunks in order (§5.3). */
export function xorbHashOf(chunks: HashLeaf[]): string {
  return hashToHex(xorbHash(chunks));
}

/** File hash (the `xetHash`) over all the file's chunks in order; the empty file gives {@link ZERO_HASH} (§5.3). */
export function fileHashOf(chunks: HashLeaf[]): string {
  return hashToHex(fileHash(chunks));
}

/** Verification range hash of one file segment, from its chunks' raw hashes (§5.3). */
export function verificationHashOf(chunkHashes: Uint8Array[]): string {
  return hashToHex(verificationHash(chunkHashes));
}
