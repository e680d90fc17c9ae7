import { describe, expect, it } from "vitest";
import { defaultScript, formatBytes, hasScriptBlock, mergeFiles, type ComposerFile } from "./dropped-files";
import { batchPaths, normalizeRelativePath } from "./read-drop";

const file = (path: string, text: string | null = null): ComposerFile => ({ path, size: text?.length ?? 0, file: new File([text ?? ""], path.split("/").at(-1) ?? path), text });
const HEADER = '# /// script\n# dependencies = ["rich"]\n# ///\nprint(1)\n';

describe("normalizeRelativePath", () => {
  it.each([
    ["./train.py", "train.py"],
    ["/proj/configs/a.yaml", "proj/configs/a.yaml"],
    ["proj/a.py", "proj/a.py"],
    ["proj\\sub\\b.txt", "proj/sub/b.txt"],
    ["a//./b.txt", "a/b.txt"],
    ["données #1?.csv", "données #1?.csv"],
  ])("%s → %s", (raw, path) => expect(normalizeRelativePath(raw)).toBe(path));

  it("refuses paths that climb out or are empty", () => {
    expect(normalizeRelativePath("../etc/passwd")).toBeNull();
    expect(normalizeRelativePath("./")).toBeNull();
  });
});

describe("batchPaths", () => {
  it("strips the one folder a drop came from, keeping sub-folders", () => {
    expect(batchPaths(["/proj/train.py", "/proj/configs/a.yaml"])).toEqual({ paths: ["train.py", "configs/a.yaml"], strippedFolder: "proj" });
    expect(batchPaths(["proj/train.py"])).toEqual({ paths: ["train.py"], strippedFolder: "proj" });
  });

  it("keeps paths when files come from several places", () => {
    expect(batchPaths(["./train.py", "/proj/a.yaml"])).toEqual({ paths: ["train.py", "proj/a.yaml"], strippedFolder: null });
    expect(batchPaths(["/a/x.py", "/b/y.py"])).toEqual({ paths: ["a/x.py", "b/y.py"], strippedFolder: null });
  });
});

describe("mergeFiles", () => {
  it("never replaces a file dropped again: both kept, the clash returned with both (issue 13)", () => {
    const { files, duplicates } = mergeFiles([file("a.py", "old"), file("b.yaml")], [file("a.py", "new"), file("c.txt")]);
    expect(files.map((f) => f.path)).toEqual(["a.py", "b.yaml", "a.py", "c.txt"]);
    expect(duplicates.map((d) => [d.path, d.existing.text, d.incoming.text])).toEqual([["a.py", "old", "new"]]);
  });
});

describe("defaultScript", () => {
  it("prefers the .py with a PEP 723 header", () => {
    expect(defaultScript([file("util.py", "x=1"), file("main.py", HEADER), file("c.yaml", "a: 1")])).toBe("main.py");
  });
  it("else the only .py", () => {
    expect(defaultScript([file("c.yaml", "a: 1"), file("run.py", "print(1)")])).toBe("run.py");
  });
  it("else an extension-less file with a header (B15)", () => {
    expect(defaultScript([file("train", `#!/usr/bin/env -S uv run --script\n${HEADER}`), file("c.yaml", "")])).toBe("train");
  });
  it("none when ambiguous", () => {
    expect(defaultScript([file("a.py", "1"), file("b.py", "2")])).toBeNull();
    expect(defaultScript([])).toBeNull();
  });
  it("hasScriptBlock needs the exact opener line", () => {
    expect(hasScriptBlock("#/// script\n")).toBe(false);
    expect(hasScriptBlock(null)).toBe(false);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1536, "1.5 KB"],
    [40_000_000, "40.0 MB"],
    [5_000_000_000, "5.0 GB"],
  ])("%d → %s", (n, s) => expect(formatBytes(n)).toBe(s));
});
