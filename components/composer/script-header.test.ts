import { describe, expect, it } from "vitest";
import { parseHfJobsHeader } from "@/lib/jobs/hf-jobs-header";
import { composerReducer, initialComposerState, type ComposerState } from "./composer-state";
import { nextRowId } from "./rows";
import { applyScriptHeader } from "./script-header";

const SCRIPT = `# /// script
# dependencies = []
# [tool.hf-jobs]
# flavor = "cpu-upgrade"
# timeout = "2h"
# labels = { team = "ml", stage = "dev" }
# env = { MODE = "script" }
# secrets = ["API_KEY"]
# ///
print("hi")
`;

const read = (state: ComposerState, text: string) => composerReducer(state, { type: "scriptHeaderRead", key: "train.py:1", result: parseHfJobsHeader(text), apply: applyScriptHeader });

describe("the script's [tool.hf-jobs] table (issue 13, Deliver 2)", () => {
  it("fills what the user has not set, marks it, and asks for the named secret", () => {
    const s = read(initialComposerState({ rerun: false }), SCRIPT);
    expect([s.flavor, s.timeoutText]).toEqual(["cpu-upgrade", "2h"]);
    expect(s.labelRows.map((r) => [r.key, r.value])).toEqual([["team", "ml"], ["stage", "dev"]]);
    expect(s.envRows.map((r) => [r.key, r.value])).toEqual([["MODE", "script"]]);
    expect(s.secretRows.map((r) => [r.key, r.value, r.mustReenter])).toEqual([["API_KEY", "", true]]);
    expect(s.scriptHeader?.fromScript).toEqual(expect.arrayContaining(["flavor", "timeout", "env.MODE", "labels.team", "labels.stage", "secrets.API_KEY"]));
    expect(s.scriptHeader?.error).toBeNull();
  });

  it("what the user set wins, entry by entry for env and labels", () => {
    const start: ComposerState = {
      ...initialComposerState({ rerun: false }),
      timeoutText: "10m",
      envRows: [{ id: nextRowId(), key: "MODE", value: "mine" }],
      labelRows: [{ id: nextRowId(), key: "team", value: "infra" }],
    };
    const s = read(start, SCRIPT);
    expect([s.flavor, s.timeoutText]).toEqual(["cpu-upgrade", "10m"]);
    expect(Object.fromEntries(s.envRows.map((r) => [r.key, r.value]))).toEqual({ MODE: "mine" });
    expect(Object.fromEntries(s.labelRows.map((r) => [r.key, r.value]))).toEqual({ team: "infra", stage: "dev" });
    expect(s.scriptHeader?.fromScript).not.toContain("timeout");
    expect(s.scriptHeader?.fromScript).not.toContain("labels.team");
  });

  it("an unknown key is an error naming the valid ones, and nothing is filled", () => {
    const s = read(initialComposerState({ rerun: false }), SCRIPT.replace('# flavor = "cpu-upgrade"', '# flavour = "cpu-upgrade"'));
    expect(s.scriptHeader?.error).toContain("flavour");
    expect(s.scriptHeader?.error).toContain("flavor");
    expect(s.flavor).toBe(initialComposerState({ rerun: false }).flavor);
  });
});
