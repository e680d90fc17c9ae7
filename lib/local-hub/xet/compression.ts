import { decompressFrame } from "lz4js";

/**
 * Chunk payload decoding for the three Xet compression schemes (specs/hub-buckets-xet.md §5.4):
 * 0 = None, 1 = LZ4 *frame*, 2 = ByteGrouping4 then LZ4 frame. LZ4 frames are decoded with `lz4js`
 * 0.2.0, the library `@huggingface/hub` vendors.
 */

/** Thrown for bytes that do not follow a Xet format; routes turn it into a 400. */
export class XetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XetFormatError";
  }
}

/** Compression schemes of a chunk header (§5.4). */
export type CompressionScheme = 0 | 1 | 2;

/**
 * Undoes BG4 (§5.4): byte `k` of the original went to group `k % 4`; groups 0..r-1 (r = n % 4) hold
 * one extra byte. `out[4j+g] = in[start_g + j]`.
 */
export function bg4Regroup(grouped: Uint8Array): Uint8Array {
  const n = grouped.length;
  const q = Math.floor(n / 4);
  const r = n % 4;
  const out = new Uint8Array(n);
  let start = 0;
  for (let g = 0; g < 4; g++) {
    const len = q + (g < r ? 1 : 0);
    for (let j = 0; j < len; j++) out[4 * j + g] = grouped[start + j];
    start += len;
  }
  return out;
}

function lz4Frame(payload: Uint8Array, unpackedLength: number): Uint8Array {
  const out = new Uint8Array(unpackedLength);
  let size: number;
  try {
    // lz4js drops writes past the end of `out` but keeps counting, so a longer result shows in `size`.
    size = decompressFrame(payload, out);
  } catch (err) {
    throw new XetFormatError(`bad LZ4 frame: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (size !== unpackedLength) throw new XetFormatError(`LZ4 frame decodes to ${size} bytes, header says ${unpackedLength}`);
  return out;
}

/**
 * Decodes one chunk payload to its `unpackedLength` bytes.
 * @throws XetFormatError on an unknown scheme, a bad frame or a length mismatch
 */
export function decodeChunkPayload(scheme: number, payload: Uint8Array, unpackedLength: number): Uint8Array {
  if (scheme === 0) {
    if (payload.length !== unpackedLength) throw new XetFormatError(`uncompressed chunk of ${payload.length} bytes, header says ${unpackedLength}`);
    return payload;
  }
  if (scheme === 1) return lz4Frame(payload, unpackedLength);
  if (scheme === 2) return bg4Regroup(lz4Frame(payload, unpackedLength));
  throw new XetFormatError(`unknown compression scheme ${scheme}`);
}
