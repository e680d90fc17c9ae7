import { describe, expect, it } from "vitest";
import { folderPickPaths } from "./folder-pick-paths";

describe("folderPickPaths", () => {
  it("keeps the picked folder's own name", () => {
    expect(folderPickPaths(["configs/a/x.yaml", "configs/train.py", "configs\\b\\y.yaml", "./configs//c.txt"])).toEqual([
      { source: "configs/a/x.yaml", path: "configs/a/x.yaml" },
      { source: "configs/train.py", path: "configs/train.py" },
      { source: "configs\\b\\y.yaml", path: "configs/b/y.yaml" },
      { source: "./configs//c.txt", path: "configs/c.txt" },
    ]);
  });
  it("refuses paths that leave the folder or name nothing", () => {
    expect(folderPickPaths(["a/../../etc/passwd", "", "./"]).map((p) => p.path)).toEqual([null, null, null]);
  });
});
