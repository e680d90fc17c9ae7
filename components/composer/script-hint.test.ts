import { describe, expect, it } from "vitest";
import { scriptHint } from "./script-hint";

describe("scriptHint", () => {
  it("says there is no .py file when only other files were dropped", () => {
    const hint = scriptHint({ paths: ["config.yaml"] });
    expect(hint).toBe("No .py file among the dropped files: drop the script to run, or choose it below.");
    expect(hint).not.toMatch(/several/i);
  });

  it("counts the .py files when several have no script header", () => {
    expect(scriptHint({ paths: ["a.py", "lib/b.PY", "c.yaml"] })).toBe("2 .py files and none with a # /// script header: pick the one to run.");
  });
});
