import { describe, expect, it } from "vitest";
import { preflightJob } from "./preflight";
import type { PreflightParams } from "./preflight";

const file = (path: string, text: string | null, source = path) => ({ path, size: text === null ? 10 : text.length, text, source });
const base: PreflightParams = {
  mode: "uv",
  files: [file("train.py", "print(1)\n")],
  entryScript: "train.py",
  flavor: "cpu-basic",
  flavors: ["cpu-basic", "t4-small"],
};
const fields = (p: PreflightParams) => preflightJob(p).problems.map((x) => x.field);

describe("preflightJob", () => {
  it("passes a plain uv job", () => {
    expect(preflightJob(base)).toEqual({ ok: true, problems: [] });
  });
  it("entry script: .py or a PEP 723 block; shebang only in command mode; 0 bytes refused", () => {
    const yaml = file("cfg.yaml", "a: 1\n");
    expect(preflightJob({ ...base, files: [yaml], entryScript: "cfg.yaml" }).problems).toEqual([
      { field: "script", message: "cfg.yaml cannot be the entry script: it must be a Python file (.py) or a file with a `# /// script` block" },
    ]);
    expect(fields({ ...base, files: [file("tool", '# /// script\n# dependencies = []\n# ///\nprint(1)\n')], entryScript: "tool" })).toEqual([]);
    const sh = file("run.sh", "#!/bin/sh\necho hi\n");
    expect(fields({ ...base, files: [sh], entryScript: "run.sh" })).toEqual(["script"]);
    expect(fields({ ...base, mode: "command", files: [sh], entryScript: "run.sh" })).toEqual([]);
    expect(preflightJob({ ...base, files: [{ path: "e.py", size: 0, text: "", source: "e.py" }], entryScript: "e.py" }).problems[0]?.message).toContain("0 bytes");
    expect(fields({ ...base, entryScript: null })).toEqual(["script"]);
    expect(fields({ ...base, mode: "command", entryScript: null })).toEqual([]);
    expect(fields({ ...base, entryScript: "missing.py" })).toEqual(["script"]);
  });
  it("two files at one path: an error naming both sources", () => {
    const r = preflightJob({ ...base, files: [file("train.py", "a", "train.py"), file("cfg.yaml", "x"), file("train.py", "b", "old/train.py")] });
    expect(r.problems).toEqual([{ field: "files[2]", message: 'Two files would land at /data/train.py: "train.py" and "old/train.py". Remove one or rename it.' }]);
  });
  it("flavor from the given list", () => {
    expect(preflightJob({ ...base, flavor: "a100x9" }).problems).toEqual([{ field: "flavor", message: 'Unknown hardware "a100x9"; choose one of cpu-basic, t4-small' }]);
  });
  it("volume rules", () => {
    expect(
      fields({
        ...base,
        volumes: [
          { type: "dataset", source: "org/ds", mountPath: "/data" },
          { type: "dataset", source: "org/ds", mountPath: "in" },
          { type: "model", source: "org/m", mountPath: "/m", readOnly: false },
          { type: "bucket", source: "org/b", mountPath: "/m" },
          { type: "bucket", source: "org/b", mountPath: "/b", revision: "main" },
          { type: "space", source: "nope", mountPath: "/a/../b" },
          { type: "dataset", source: "org/ds", mountPath: "/ok", path: "../up" },
        ],
      }),
    ).toEqual([
      "volumes[0].mountPath",
      "volumes[1].mountPath",
      "volumes[2].readOnly",
      "volumes[3].mountPath",
      "volumes[4].revision",
      "volumes[5].source",
      "volumes[5].mountPath",
      "volumes[6].path",
    ]);
    // /data is free when nothing is uploaded (a command job without files), as for the CLI
    expect(fields({ ...base, mode: "command", files: [], entryScript: null, volumes: [{ type: "dataset", source: "org/ds", mountPath: "/data" }] })).toEqual([]);
  });
  it("name, label, env, secret and network rules", () => {
    expect(
      fields({
        ...base,
        name: "has space",
        labels: { "bad key": "v", ok: "bad value!", name: "x" },
        env: { "1X": "a", DUP: "a" },
        secrets: { DUP: "s", HF_TOKEN: null },
        networkGroup: "Upper",
        networkAliases: ["master", "master"],
      }),
    ).toEqual(["name", "labels.name", "labels.bad key", "labels.ok", "env.1X", "env.DUP", "secrets.HF_TOKEN", "network.group", "network.aliases[1]"]);
    expect(fields({ ...base, networkAliases: ["a"] })).toEqual(["network.aliases"]);
  });
});
