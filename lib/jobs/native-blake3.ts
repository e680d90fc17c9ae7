import { createRequire } from "node:module";
import { join } from "node:path";

/** What @huggingface/xetchunk-wasm's chunker needs of a keyed BLAKE3 hasher (blake3-jit's chaining). */
interface KeyedHasher {
  reset(): KeyedHasher;
  update(bytes: Uint8Array): KeyedHasher;
  finalize(length: 32): Uint8Array;
}

/** Built at run time so no bundler resolves it (see {@link installNativeBlake3}). */
const NATIVE_PACKAGE = ["@napi-rs", "blake-hash"].join("/");

/** The global the patched chunker reads (patches/@huggingface+xetchunk-wasm+0.2.0.patch). */
const FACTORY = Symbol.for("@huggingface/xetchunk-wasm:keyedBlake3");

interface NativeBlake3Hasher {
  reset(): void;
  update(input: Uint8Array): unknown;
  digestBuffer(): Buffer;
}
interface NativeModule {
  Blake3Hasher: { newKeyed(key: Buffer): NativeBlake3Hasher };
}

/**
 * Makes the Xet chunker hash its chunks with native BLAKE3 (@napi-rs/blake-hash, the BLAKE3 team's
 * Rust crate with SIMD) instead of blake3-jit's WebAssembly: on this 2-core machine 100 MB of 64 KiB
 * chunks take ≈ 0.2 s instead of ≈ 1.2 s, the largest single cost of an upload. Same function
 * (keyed BLAKE3 with the Xet data key, specs/hub-buckets-xet.md §5.2), same digests (tested in
 * native-blake3.test.ts against blake3-jit). When the binding cannot be loaded (no prebuilt binary
 * for the platform), nothing is registered and the chunker keeps its own hasher.
 * Idempotent; called at module load by lib/jobs/xet-file-hash.ts (which prepare-launch imports).
 * @returns true when the native hasher is in use
 */
export function installNativeBlake3(): boolean {
  const g = globalThis as Record<symbol, unknown>;
  if (typeof g[FACTORY] === "function") return true;
  let native: NativeModule;
  try {
    // Node's own require, from the project root, at run time: a bundler that sees this require
    // rewrites it to an alias of its own (Turbopack's hashed external, whose link `next build` left
    // missing, so the binding silently did not load in the built app). The binding's entry then
    // picks its platform package itself.
    const nodeRequire = createRequire(join(process.cwd(), "package.json"));
    native = nodeRequire(NATIVE_PACKAGE) as NativeModule;
  } catch {
    return false;
  }
  g[FACTORY] = (key: Uint8Array): KeyedHasher => {
    const hasher = native.Blake3Hasher.newKeyed(Buffer.from(key));
    const self: KeyedHasher = {
      reset() {
        hasher.reset();
        return self;
      },
      update(bytes) {
        hasher.update(bytes);
        return self;
      },
      finalize() {
        const d = hasher.digestBuffer();
        // A copy that owns its memory: the chunker keeps each digest.
        return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
      },
    };
    return self;
  };
  return true;
}
