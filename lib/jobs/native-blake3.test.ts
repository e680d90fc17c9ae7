import { randomBytes } from "node:crypto";
import { Hasher } from "@huggingface/blake3-jit";
import { createChunker, finalize, hashToHex, nextBlock, type Chunk } from "@huggingface/xetchunk-wasm";
import { describe, expect, it } from "vitest";
import { installNativeBlake3 } from "./native-blake3";

const FACTORY = Symbol.for("@huggingface/xetchunk-wasm:keyedBlake3");
/** The Xet data key (specs/hub-buckets-xet.md §5.2), as in @huggingface/xetchunk-wasm. */
const DATA_KEY = new Uint8Array([
  102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41,
]);

function chunksOf(data: Uint8Array, pieces: number[]): Chunk[] {
  const chunker = createChunker();
  const out: Chunk[] = [];
  let at = 0;
  for (const n of pieces) {
    out.push(...nextBlock(chunker, data.subarray(at, at + n)));
    at += n;
  }
  out.push(...nextBlock(chunker, data.subarray(at)));
  const last = finalize(chunker);
  if (last) out.push(last);
  return out;
}

describe("native BLAKE3 for the Xet chunker", () => {
  it("is installed (the binding loads on this platform) and the chunker then uses it", () => {
    expect(installNativeBlake3()).toBe(true);
    expect(typeof (globalThis as Record<symbol, unknown>)[FACTORY]).toBe("function");
  });

  it("gives every chunk the digest blake3-jit gives it, across chunk boundaries and odd read sizes", () => {
    installNativeBlake3();
    // Count the chunkers that take their hasher from the registered factory (the patched chunker).
    const g = globalThis as Record<symbol, unknown>;
    const native = g[FACTORY] as (key: Uint8Array) => unknown;
    let made = 0;
    g[FACTORY] = (key: Uint8Array) => (made++, native(key));
    const data = randomBytes(3 * 1024 * 1024 + 12_345);
    // Reads split at awkward places: inside a chunk, one byte, exactly 64 KiB, the rest.
    const chunks = chunksOf(data, [1, 8191, 65_536, 65_537, 131_072, 7]);
    expect(chunks.length).toBeGreaterThan(10);
    const jit = Hasher.newKeyed(DATA_KEY);
    let at = 0;
    for (const c of chunks) {
      const want = jit.reset().update(data.subarray(at, at + c.length)).finalize(32);
      expect(hashToHex(c.hash)).toBe(hashToHex(want));
      at += c.length;
    }
    expect(at).toBe(data.length);
    expect(made).toBe(1);
    g[FACTORY] = native;
  });

  it("hashes a tiny and a maximum-size (128 KiB, no boundary) chunk like blake3-jit", () => {
    installNativeBlake3();
    const jit = Hasher.newKeyed(DATA_KEY);
    for (const data of [new Uint8Array([7]), new Uint8Array(128 * 1024)]) {
      const [c, ...rest] = chunksOf(data, []);
      expect(rest).toEqual([]);
      expect(c && hashToHex(c.hash)).toBe(hashToHex(jit.reset().update(data).finalize(32)));
    }
  });
});
