import { blake3 } from "@noble/hashes/blake3.js";
import { compress } from "lz4js";
import { describe, expect, it } from "vitest";
import { float32Bytes, lcgBytes } from "../../../test-support/storage-data";
import { bg4Regroup, XetFormatError } from "./compression";
import { chunkHash, DATA_KEY, fileHashOf, hashHex, verificationHashOf, xorbHashOf } from "./hash";
import { planReconstruction } from "./reconstruction";
import { parseShard } from "./shard";
import { decodeXorbChunk, parseXorb, verifyXorb } from "./xorb";

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const enc = new TextEncoder();

/** The captured JS upload of "hello world" (specs/hub-buckets-xet.md §5.5). */
const HELLO_XORB = hex("00 0b0000 00 0b0000 68656c6c6f20776f726c64");
const HELLO_SHARD = hex(`
48465265706f4d6574614461746100556967456a7b815783a5bdd95ccdd14aa9 0200000000000000 c800000000000000
fd5ce8b743dd5ef19fb913fe8f75e225f6d9e817a8df09dd7fdb26a1a7228754 00000080 01000000 0000000000000000
119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c 00000000 0b000000 00000000 01000000
30ea5cffdc2fef220c8aed157ead426e5846c32e7d9e785eda47689458270dc1 00000000000000000000000000000000
${"ff".repeat(32)}${"00".repeat(16)}
119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c 00000000 01000000 0b000000 13000000
119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c 00000000 0b000000 0000000000000000
${"ff".repeat(32)}${"00".repeat(16)}
0100000000000000 3000000000000000 f000000000000000 ${"00".repeat(48)} ${"00".repeat(32)} 68480c6b00000000 0000000000000000 ${"00".repeat(48)}
1300000000000000 0000000000000000 0b00000000000000 8001000000000000`);

function chunkRecord(scheme: number, payload: Uint8Array, unpacked: number): Uint8Array {
  const h = Buffer.alloc(8);
  h.writeUIntLE(payload.length, 1, 3);
  h[4] = scheme;
  h.writeUIntLE(unpacked, 5, 3);
  return new Uint8Array(Buffer.concat([h, payload]));
}

function bg4Group(data: Uint8Array): Uint8Array {
  const groups: number[][] = [[], [], [], []];
  data.forEach((b, k) => groups[k % 4].push(b));
  return new Uint8Array(groups.flat());
}

describe("Xet hashes (spec §5.3 vectors)", () => {
  it("hashes 'hello world' to the spec's chunk, xorb, file and verification hashes", () => {
    const h = chunkHash(enc.encode("hello world"));
    expect(hashHex(h)).toBe("4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1");
    expect(Buffer.from(h).toString("hex")).toBe("119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c");
    // cross-check with an independent BLAKE3
    expect(Buffer.from(blake3(enc.encode("hello world"), { key: DATA_KEY })).equals(Buffer.from(h))).toBe(true);
    expect(xorbHashOf([{ hash: h, length: 11 }])).toBe("4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1");
    expect(fileHashOf([{ hash: h, length: 11 }])).toBe("f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f");
    expect(verificationHashOf([h])).toBe("22ef2fdcff5cea306e42ad7e15ed8a0c5e789e7d2ec34658c10d2758946847da");
    const foo = chunkHash(enc.encode("foo"));
    expect(xorbHashOf([{ hash: h, length: 11 }, { hash: foo, length: 3 }])).toBe("1133d9a1ac5976fb52a5e0f64f24c033de4ad8b60a2735cd68aa04a770e1a72f");
    expect(fileHashOf([])).toBe("0".repeat(64));
  });
});

describe("parseXorb", () => {
  it("parses the captured 19-byte 'hello world' xorb and verifies its hash", () => {
    const parsed = parseXorb(HELLO_XORB);
    expect(parsed).toEqual({ chunks: [{ offset: 0, compressedLength: 11, unpackedLength: 11, scheme: 0 }], dataLength: 19, hasFooter: false });
    expect(new TextDecoder().decode(decodeXorbChunk(HELLO_XORB, parsed.chunks[0]))).toBe("hello world");
    expect(verifyXorb(HELLO_XORB, parsed, "4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1")).toHaveLength(1);
  });

  it("decodes LZ4-frame and BG4+LZ4 chunks, with and without the hf_xet footer", () => {
    const text = enc.encode("abcabcabc".repeat(1000));
    const floats = float32Bytes(1001); // 4004 bytes; also try an odd length below
    const odd = floats.subarray(0, 4003);
    const body = Buffer.concat([
      chunkRecord(1, compress(text), text.length),
      chunkRecord(2, compress(bg4Group(floats)), floats.length),
      chunkRecord(2, compress(bg4Group(odd)), odd.length),
    ]);
    const parsed = parseXorb(new Uint8Array(body));
    expect(parsed.chunks.map((c) => c.scheme)).toEqual([1, 2, 2]);
    expect(decodeXorbChunk(body, parsed.chunks[0])).toEqual(text);
    expect(decodeXorbChunk(body, parsed.chunks[1])).toEqual(floats);
    expect(decodeXorbChunk(body, parsed.chunks[2])).toEqual(odd);
    const hash = xorbHashOf([text, floats, odd].map((d) => ({ hash: chunkHash(d), length: d.length })));
    expect(verifyXorb(body, parsed, hash)).toHaveLength(3);

    const footerBody = Buffer.concat([Buffer.from("XETBLOB\x01", "latin1"), Buffer.alloc(40)]);
    const info = Buffer.alloc(4);
    info.writeUInt32LE(footerBody.length);
    const withFooter = new Uint8Array(Buffer.concat([body, footerBody, info]));
    const p2 = parseXorb(withFooter);
    expect(p2.hasFooter).toBe(true);
    expect(p2.dataLength).toBe(body.length);
    expect(verifyXorb(withFooter, p2, hash)).toHaveLength(3);
  });

  it("regroups BG4 for every remainder mod 4", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 13]) {
      const data = lcgBytes(n, n + 1);
      expect(bg4Regroup(bg4Group(data))).toEqual(data);
    }
  });

  it("rejects malformed xorbs", () => {
    expect(() => parseXorb(new Uint8Array(0))).toThrow(XetFormatError);
    expect(() => parseXorb(HELLO_XORB.subarray(0, 18))).toThrow(/past the end/);
    expect(() => parseXorb(HELLO_XORB.subarray(0, 5))).toThrow(/truncated/);
    const badScheme = new Uint8Array(HELLO_XORB);
    badScheme[4] = 7;
    expect(() => parseXorb(badScheme)).toThrow(/scheme/);
    const parsed = parseXorb(HELLO_XORB);
    expect(() => verifyXorb(HELLO_XORB, parsed, "0".repeat(64))).toThrow(/mismatch/);
    const badLz4 = chunkRecord(1, new Uint8Array([1, 2, 3, 4, 5]), 10);
    expect(() => verifyXorb(badLz4, parseXorb(badLz4), "0".repeat(64))).toThrow(/LZ4/);
  });
});

describe("parseShard", () => {
  it("parses the captured 584-byte JS shard of 'hello world' (§5.5 hex dump)", () => {
    expect(HELLO_SHARD.length).toBe(584);
    const shard = parseShard(HELLO_SHARD);
    expect(shard.footerSize).toBe(200);
    expect(shard.files).toEqual([{
      fileHash: "f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f",
      segments: [{ xorbHash: "4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1", unpackedBytes: 11, chunkStart: 0, chunkEnd: 1 }],
      verification: ["22ef2fdcff5cea306e42ad7e15ed8a0c5e789e7d2ec34658c10d2758946847da"],
      sha256: null,
    }]);
    expect(shard.xorbs).toHaveLength(1);
    expect(shard.xorbs[0]).toMatchObject({ xorbHash: "4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1", bytesInXorb: 11, bytesOnDisk: 19 });
    expect(shard.xorbs[0].chunks).toEqual([{ hash: hex("119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c"), start: 0, length: 11 }]);
  });

  it("parses the same shard without its footer (hf_xet style)", () => {
    const noFooter = new Uint8Array(HELLO_SHARD.subarray(0, 384));
    noFooter.fill(0, 40, 48);
    expect(parseShard(noFooter).files[0].fileHash).toBe("f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f");
  });

  it("rejects bad magic, bad version and truncation", () => {
    const badMagic = new Uint8Array(HELLO_SHARD);
    badMagic[0] = 0;
    expect(() => parseShard(badMagic)).toThrow(/magic/);
    const badVersion = new Uint8Array(HELLO_SHARD);
    badVersion[32] = 3;
    expect(() => parseShard(badVersion)).toThrow(/version/);
    expect(() => parseShard(HELLO_SHARD.subarray(0, 200))).toThrow(XetFormatError);
    expect(() => parseShard(HELLO_SHARD.subarray(0, 20))).toThrow(XetFormatError);
  });
});

describe("planReconstruction (§5.6)", () => {
  const chunks = [
    { offset: 0, compressedLength: 100, unpackedLength: 100 },
    { offset: 108, compressedLength: 50, unpackedLength: 200 },
    { offset: 166, compressedLength: 300, unpackedLength: 300 },
  ];
  const segments = [
    { xorbHash: "a".repeat(64), chunkStart: 0, chunkEnd: 3, unpackedBytes: 600 },
    { xorbHash: "a".repeat(64), chunkStart: 1, chunkEnd: 2, unpackedBytes: 200 },
  ];
  it("trims at chunk granularity, sets offset_into_first_range and merges overlapping ranges", () => {
    const plan = planReconstruction({ segments, chunksOf: () => chunks, start: 150, end: 700 });
    expect(plan.offsetIntoFirstRange).toBe(50);
    expect(plan.terms).toEqual([
      { hash: "a".repeat(64), unpacked_length: 500, range: { start: 1, end: 3 } },
      { hash: "a".repeat(64), unpacked_length: 200, range: { start: 1, end: 2 } },
    ]);
    expect(plan.fetch.get("a".repeat(64))).toEqual([{ chunks: { start: 1, end: 3 }, bytes: { start: 108, end: 473 } }]);
  });
  it("plans a range inside one chunk", () => {
    const plan = planReconstruction({ segments, chunksOf: () => chunks, start: 10, end: 20 });
    expect(plan).toMatchObject({ offsetIntoFirstRange: 10, terms: [{ unpacked_length: 100, range: { start: 0, end: 1 } }] });
  });
});
