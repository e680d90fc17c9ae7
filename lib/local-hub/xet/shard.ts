import { XetFormatError } from "./compression";
import { hashHex } from "./hash";

/**
 * Shard parsing (specs/hub-buckets-xet.md §5.5). Reads the header, the file-info section up to its
 * bookend and the xorb-info section up to its bookend; the footer and lookup tables are ignored (the
 * JS client sends a 200-byte footer, hf_xet none: both parse the same).
 */

/** 32-byte magic tag at offset 0: "HFRepoMetaData\0" + 17 fixed bytes (§5.5). */
export const SHARD_MAGIC = Buffer.concat([
  Buffer.from("HFRepoMetaData\0", "latin1"),
  Buffer.from("556967456a7b815783a5bdd95ccdd14aa9", "hex"),
]);

const FLAG_VERIFICATION = 0x80000000;
const FLAG_METADATA_EXT = 0x40000000;

/** One segment of a file: chunks `[chunkStart, chunkEnd)` of a xorb. */
export interface ShardSegment {
  xorbHash: string;
  unpackedBytes: number;
  chunkStart: number;
  /** exclusive */
  chunkEnd: number;
}

/** A file record: its xetHash and segments (+ verification range hashes when flagged). */
export interface ShardFile {
  fileHash: string;
  segments: ShardSegment[];
  /** one hash string per segment, or null when the record has no verification rows */
  verification: string[] | null;
  /**
   * sha256 of the file content (64 hex, as sha256sum prints it) from the metadata extension row, which hf_xet
   * writes for git-repo uploads (§5.5 `meta_ext`); null when absent (buckets). A claim, not a proof.
   */
  sha256: string | null;
}

/** A xorb record: its chunks' raw hashes and cumulative unpacked offsets. */
export interface ShardXorb {
  xorbHash: string;
  bytesInXorb: number;
  bytesOnDisk: number;
  chunks: { hash: Uint8Array; start: number; length: number }[];
}

/** A parsed shard. */
export interface ParsedShard {
  footerSize: number;
  files: ShardFile[];
  xorbs: ShardXorb[];
}

function isBookend(buf: Buffer, off: number): boolean {
  for (let i = 0; i < 32; i++) if (buf[off + i] !== 0xff) return false;
  return true;
}

/**
 * Parses a shard upload.
 * @throws XetFormatError on a bad magic or version, a record past the end, a missing bookend, an
 *   empty or inverted chunk range, or counts that cannot fit the body
 */
export function parseShard(bytes: Uint8Array): ParsedShard {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.length < 48) throw new XetFormatError(`shard of ${buf.length} bytes is shorter than its 48-byte header`);
  if (!buf.subarray(0, 32).equals(SHARD_MAGIC)) throw new XetFormatError("shard magic tag mismatch");
  const version = buf.readBigUInt64LE(32);
  if (version !== 2n) throw new XetFormatError(`unsupported shard header version ${version}`);
  const footerSize = Number(buf.readBigUInt64LE(40));
  let off = 48;
  const need = (rows: number, what: string) => {
    if (rows < 0 || off + rows * 48 > buf.length) throw new XetFormatError(`${what} at byte ${off} runs past the end of the shard`);
  };
  const hashAt = (o: number) => hashHex(new Uint8Array(buf.subarray(o, o + 32)));

  const files: ShardFile[] = [];
  for (;;) {
    need(1, "file record");
    if (isBookend(buf, off)) {
      off += 48;
      break;
    }
    const fileHash = hashAt(off);
    const flags = buf.readUInt32LE(off + 32);
    const n = buf.readUInt32LE(off + 36);
    off += 48;
    const verif = (flags & FLAG_VERIFICATION) !== 0;
    need(n + (verif ? n : 0) + ((flags & FLAG_METADATA_EXT) !== 0 ? 1 : 0), `file ${fileHash}`);
    const segments: ShardSegment[] = [];
    for (let i = 0; i < n; i++, off += 48) {
      const seg = {
        xorbHash: hashAt(off), unpackedBytes: buf.readUInt32LE(off + 36),
        chunkStart: buf.readUInt32LE(off + 40), chunkEnd: buf.readUInt32LE(off + 44),
      };
      if (seg.chunkEnd <= seg.chunkStart) throw new XetFormatError(`file ${fileHash} segment ${i}: empty chunk range [${seg.chunkStart}, ${seg.chunkEnd})`);
      segments.push(seg);
    }
    let verification: string[] | null = null;
    if (verif) {
      verification = [];
      for (let i = 0; i < n; i++, off += 48) verification.push(hashAt(off));
    }
    let sha256: string | null = null;
    if ((flags & FLAG_METADATA_EXT) !== 0) {
      // hf_xet stores the sha256 as a MerkleHash (four little-endian u64s): its hash-string form is the plain hex
      sha256 = hashAt(off);
      off += 48;
    }
    files.push({ fileHash, segments, verification, sha256 });
  }

  const xorbs: ShardXorb[] = [];
  for (;;) {
    need(1, "xorb record");
    if (isBookend(buf, off)) {
      off += 48;
      break;
    }
    const xorbHash = hashAt(off);
    const n = buf.readUInt32LE(off + 36);
    const bytesInXorb = buf.readUInt32LE(off + 40);
    const bytesOnDisk = buf.readUInt32LE(off + 44);
    off += 48;
    need(n, `xorb ${xorbHash}`);
    const chunks: ShardXorb["chunks"] = [];
    for (let i = 0; i < n; i++, off += 48) {
      chunks.push({ hash: new Uint8Array(buf.subarray(off, off + 32)), start: buf.readUInt32LE(off + 32), length: buf.readUInt32LE(off + 36) });
    }
    xorbs.push({ xorbHash, bytesInXorb, bytesOnDisk, chunks });
  }
  return { footerSize, files, xorbs };
}
