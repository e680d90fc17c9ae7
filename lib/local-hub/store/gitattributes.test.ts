import { describe, expect, it } from "vitest";
import { lfsPatterns, matchLfsPattern, MAX_LFS_PATTERN_BYTES, MAX_LFS_PATTERNS } from "./gitattributes";

const matches = (pattern: string, path: string) => {
  const [p] = lfsPatterns(`${pattern} filter=lfs diff=lfs merge=lfs -text`);
  return matchLfsPattern(p, path);
};

describe(".gitattributes LFS patterns", () => {
  it("matches as git does: slash-less patterns on the basename, others on the whole path", () => {
    expect(matches("*.bin", "a/b/model.bin")).toBe(true);
    expect(matches("*.bin", "a/b/model.bin.txt")).toBe(false);
    expect(matches("model.?in", "x/model.bin")).toBe(true);
    expect(matches("data/*.csv", "data/a.csv")).toBe(true);
    expect(matches("data/*.csv", "data/sub/a.csv")).toBe(false);
    expect(matches("data/**/*.csv", "data/sub/deep/a.csv")).toBe(true);
    expect(matches("/top.bin", "top.bin")).toBe(true);
    expect(matches("/top.bin", "sub/top.bin")).toBe(false);
    expect(matches("a.b", "axb")).toBe(false);
  });

  it("matches a backtracking-prone pattern against a long path without backtracking", () => {
    // As a RegExp (.*a.*a.*c) this took > 100 s on a 1000-character path (pentest).
    expect(matches("**a**a**c", "a".repeat(1000))).toBe(false);
    expect(matches("*a*a*a*a*a*a*a*a*c", "a".repeat(1000))).toBe(false);
    expect(matches("**a**a**c", `${"a".repeat(999)}c`)).toBe(true);
  });

  it("uses at most MAX_LFS_PATTERNS patterns of at most MAX_LFS_PATTERN_BYTES bytes", () => {
    const lines = Array.from({ length: MAX_LFS_PATTERNS + 50 }, (_, i) => `*.e${i} filter=lfs`);
    const ps = lfsPatterns(lines.join("\n"));
    expect(ps).toHaveLength(MAX_LFS_PATTERNS);
    expect(ps.some((p) => matchLfsPattern(p, `x.e${MAX_LFS_PATTERNS + 1}`))).toBe(false);
    expect(lfsPatterns(`${"a".repeat(MAX_LFS_PATTERN_BYTES + 1)} filter=lfs\n*.ok filter=lfs`)).toHaveLength(1);
  });
});
