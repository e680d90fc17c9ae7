/**
 * Deterministic test data for storage tests and the storage benchmark.
 * `lcgBytes` is the generator of specs/hub-buckets-xet.md §5.3: `x = (x*1103515245+12345) >>> 0`,
 * byte = `x >>> 24`, seed 12345 gives the 300,000-byte vector there.
 */
export function lcgBytes(length: number, seed = 12345): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    // Float multiply then >>> 0, literally as the spec writes it (not Math.imul): its vectors depend on it.
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** `count` float32 values of a smooth signal (bytes compress better grouped by 4: picks BG4). */
export function float32Bytes(count: number): Uint8Array<ArrayBuffer> {
  const f = new Float32Array(count);
  for (let i = 0; i < count; i++) f[i] = Math.sin(i / 50) * 1000 + i / 10;
  return new Uint8Array(f.buffer);
}
