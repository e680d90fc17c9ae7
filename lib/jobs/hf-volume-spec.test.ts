import { describe, expect, it } from "vitest";
import { formatVolumeSpec, parseVolumeSpec } from "./hf-volume-spec";

describe("parseVolumeSpec", () => {
  it("parses each type, sub-path, revision and mode", () => {
    expect(parseVolumeSpec("hf://org/model:/m")).toEqual({ ok: true, volume: { type: "model", source: "org/model", mountPath: "/m" } });
    expect(parseVolumeSpec("hf://datasets/org/ds/train:/in:ro")).toEqual({
      ok: true,
      volume: { type: "dataset", source: "org/ds", mountPath: "/in", readOnly: true, path: "train" },
    });
    expect(parseVolumeSpec("hf://buckets/org/b/sub/dir:/mnt:rw")).toEqual({
      ok: true,
      volume: { type: "bucket", source: "org/b", mountPath: "/mnt", readOnly: false, path: "sub/dir" },
    });
    expect(parseVolumeSpec("hf://spaces/org/sp@refs/pr/3/app:/app")).toEqual({
      ok: true,
      volume: { type: "space", source: "org/sp", mountPath: "/app", revision: "refs/pr/3", path: "app" },
    });
    expect(parseVolumeSpec("hf://datasets/org/ds@v1.0:/d")).toMatchObject({ ok: true, volume: { revision: "v1.0" } });
  });
  it("refuses what the CLI refuses, and local folders", () => {
    for (const bad of ["hf://org/model", "hf://dataset/org/ds:/d", "hf://org:/d", "./dir:/mnt", "hf://buckets/o/b@main:/x"]) {
      expect(parseVolumeSpec(bad).ok, bad).toBe(false);
    }
  });
  it("formats back to the same volume", () => {
    for (const spec of ["hf://org/m:/m", "hf://datasets/org/ds@refs/convert/parquet/train:/in:ro", "hf://buckets/org/b/x:/o:rw", "hf://datasets/o/d@feature%2Fx:/d"]) {
      const r = parseVolumeSpec(spec);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(formatVolumeSpec(r.volume)).toBe(spec);
      }
    }
  });
});
