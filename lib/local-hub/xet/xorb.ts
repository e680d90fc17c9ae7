import { decodeChunkPayload, XetFormatError, type CompressionScheme } from "./compression";
import { chunkHash, xorbHashOf } from "./hash";

/**
 * Xorb parsing (specs/hub-buckets-xet.md §5.4): a sequence of chunk records (8-byte header + payload),
 * optionally followed by the hf_xet `XETBLOB` footer (never sent by the JS client).
 */

/** Largest unpacked chunk (§5.4: ≤ 128 KiB). */
export const MAX_CHUNK_BYTES = 128 * 1024;
/** Most chunks per xorb the JS client writes (§4.3); also our cap. */
export const MAX_XORB_CHUNKS = 8192;

/** One chunk record inside a stored xorb. */
export interface XorbChunk {
  /** byte offset of the 8-byte header in the xorb */
  offset: number;
  compressedLength: number;
  unpackedLength: number;
  scheme: CompressionScheme;
}

/** A parsed xorb. */
export interface ParsedXorb {
  chunks: XorbChunk[];
  /** bytes of chunk records; a footer, when present, starts here */
  dataLength: number;
  hasFooter: boolean;
}

const FOOTER_MAGIC = "XETBLOB";

/**
 * Walks the chunk headers of a serialized xorb.
 * @throws XetFormatError on a bad version/scheme, a length past the end, a chunk over 128 KiB, no
 *   chunks, more than 8192 chunks, or a footer whose trailing info length does not match
 */
export function parseXorb(bytes: Uint8Array): ParsedXorb {
  const chunks: XorbChunk[] = [];
  let off = 0;
  let hasFooter = false;
  while (off < bytes.length) {
    if (bytes.length - off >= 7 && Buffer.from(bytes.buffer, bytes.byteOffset + off, 7).toString("latin1") === FOOTER_MAGIC) {
      // hf_xet footer: ends with a u32 LE length of everything from "XETBLOB" up to that u32 (§5.4).
      if (bytes.length - off < 8 + 4) throw new XetFormatError("truncated xorb footer");
      const infoLength = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32LE(bytes.length - 4);
      if (infoLength !== bytes.length - off - 4) throw new XetFormatError(`xorb footer length ${infoLength} does not match ${bytes.length - off - 4}`);
      hasFooter = true;
      break;
    }
    if (bytes.length - off < 8) throw new XetFormatError(`truncated chunk header at byte ${off}`);
    const version = bytes[off];
    const compressedLength = bytes[off + 1] | (bytes[off + 2] << 8) | (bytes[off + 3] << 16);
    const scheme = bytes[off + 4];
    const unpackedLength = bytes[off + 5] | (bytes[off + 6] << 8) | (bytes[off + 7] << 16);
    if (version !== 0) throw new XetFormatError(`chunk ${chunks.length} at byte ${off}: unknown version ${version}`);
    if (scheme > 2) throw new XetFormatError(`chunk ${chunks.length} at byte ${off}: unknown compression scheme ${scheme}`);
    if (unpackedLength === 0 || unpackedLength > MAX_CHUNK_BYTES) {
      throw new XetFormatError(`chunk ${chunks.length} at byte ${off}: unpacked length ${unpackedLength} not in 1..${MAX_CHUNK_BYTES}`);
    }
    if (off + 8 + compressedLength > bytes.length) throw new XetFormatError(`chunk ${chunks.length} at byte ${off}: payload runs past the end`);
    chunks.push({ offset: off, compressedLength, unpackedLength, scheme: scheme as CompressionScheme });
    if (chunks.length > MAX_XORB_CHUNKS) throw new XetFormatError(`more than ${MAX_XORB_CHUNKS} chunks`);
    off += 8 + compressedLength;
  }
  if (chunks.length === 0) throw new XetFormatError("xorb has no chunks");
  return { chunks, dataLength: off, hasFooter };
}

/** The decoded (uncompressed) bytes of one chunk of a xorb. @throws XetFormatError */
export function decodeXorbChunk(bytes: Uint8Array, chunk: XorbChunk): Uint8Array {
  const payload = bytes.subarray(chunk.offset + 8, chunk.offset + 8 + chunk.compressedLength);
  return decodeChunkPayload(chunk.scheme, payload, chunk.unpackedLength);
}

/**
 * Decodes every chunk, hashes it and checks the Merkle root against `expectedHash` (what xet-core's
 * simulation server does, spec §4.3 "Optional verification").
 * @returns the raw chunk hashes, in order
 * @throws XetFormatError on a decode failure or a hash mismatch
 */
export function verifyXorb(bytes: Uint8Array, parsed: ParsedXorb, expectedHash: string): Uint8Array[] {
  const hashes = parsed.chunks.map((c, i) => {
    try {
      return chunkHash(decodeXorbChunk(bytes, c));
    } catch (err) {
      throw new XetFormatError(`chunk ${i}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const actual = xorbHashOf(hashes.map((hash, i) => ({ hash, length: parsed.chunks[i].unpackedLength })));
  if (actual !== expectedHash) throw new XetFormatError(`xorb hash mismatch: body hashes to ${actual}, URL says ${expectedHash}`);
  return hashes;
}
