import { describe, expect, it } from "vitest";
import { parseUvCommand } from "./rerun";

describe("parseUvCommand", () => {
  it("reads dependencies, python, script and args back, /data paths made relative", () => {
    expect(
      parseUvCommand(["uv", "run", "--with", "torch>=2.1", "--with", 'pandas; python_version >= "3.10"', "--python", "3.11", "/data/train.py", "--config", "/data/configs/a.yaml", "--out=/data/out", "a > b"]),
    ).toEqual({
      dependencies: ["torch>=2.1", 'pandas; python_version >= "3.10"'],
      python: "3.11",
      script: "train.py",
      args: ["--config", "configs/a.yaml", "--out=out", "a > b"],
    });
  });

  it("skips --script (extension-less scripts, B15) and keeps URLs and commands verbatim", () => {
    expect(parseUvCommand(["uv", "run", "--script", "/data/train"])).toEqual({ dependencies: [], python: null, script: "train", args: [] });
    expect(parseUvCommand(["uv", "run", "https://example.com/s.py", "--lr", "1e-4"])?.script).toBe("https://example.com/s.py");
  });

  it("is null for anything but uv run", () => {
    expect(parseUvCommand(["python", "-c", "print(1)"])).toBeNull();
    expect(parseUvCommand([])).toBeNull();
  });
});
