import { describe, expect, it } from "vitest";
import { filesDiff, overlayMetrics, specDiff, type RunFile } from "./compare-runs";
import type { JobView } from "./view";

const job = (over: Partial<JobView>): JobView => ({
  id: "a",
  namespace: "alice",
  name: "train",
  stage: "COMPLETED",
  message: null,
  createdAt: "2026-12-01T09:00:00Z",
  startedAt: null,
  finishedAt: null,
  durations: null,
  initiator: null,
  network: null,
  image: "ghcr.io/astral-sh/uv:python3.12-bookworm",
  command: ["uv", "run", "/data/train.py"],
  arguments: [],
  environment: { LR: "0.1" },
  secretNames: ["HF_TOKEN"],
  flavor: "cpu-basic",
  timeoutSeconds: 1800,
  labels: { name: "train" },
  volumes: [{ type: "bucket", source: "alice/jobs-artifacts", path: "F1", mountPath: "/data", readOnly: false, revision: null }],
  artifactsFolder: "F1",
  exposePorts: [],
  ssh: false,
  exposeUrls: [],
  sshUrl: null,
  ...over,
});

describe("specDiff", () => {
  it("marks the fields that differ; each run's own folder is not a difference", () => {
    const a = job({});
    const b = job({ id: "b", flavor: "t4-small", environment: { LR: "0.01" }, artifactsFolder: "F2", volumes: [{ ...a.volumes[0], path: "F2" }], labels: { name: "train", "duplicated-from": "a" } });
    const rows = Object.fromEntries(specDiff([a, b]).map((r) => [r.field, r]));
    expect(rows.Hardware).toMatchObject({ values: ["cpu-basic", "t4-small"], same: false });
    expect(rows.Environment).toMatchObject({ values: ["LR=0.1", "LR=0.01"], same: false });
    expect(rows.Volumes.same).toBe(true);
    expect(rows.Labels.same).toBe(true);
    expect(rows.Image.same).toBe(true);
  });
});

describe("filesDiff", () => {
  const f = (path: string, hash: string | null, origin: RunFile["origin"], size = 10): RunFile => ({ path, hash, origin, size });
  it("tells same, changed, added and removed files apart by hash, inputs first", () => {
    const base = [f("train.py", "h1", "input"), f("config.json", "c1", "input"), f("out/model.bin", "m1", "output"), f("old.txt", "o1", "output")];
    const other = [f("train.py", "h1", "input"), f("config.json", "c2", "input"), f("out/model.bin", "m2", "output", 12), f("new.txt", "n1", "output")];
    const rows = filesDiff([base, other]);
    expect(rows.map((r) => [r.path, r.origin, r.changes[1]])).toEqual([
      ["config.json", "input", "changed"],
      ["train.py", "input", "same"],
      ["new.txt", "output", "added"],
      ["old.txt", "output", "removed"],
      ["out/model.bin", "output", "changed"],
    ]);
    expect(rows.find((r) => r.path === "train.py")?.differs).toBe(false);
  });

  it("falls back to the size when the Hub gave no hash", () => {
    expect(filesDiff([[f("a", null, "output", 5)], [f("a", null, "output", 6)]])[0].changes[1]).toBe("changed");
    expect(filesDiff([[f("a", null, "output", 5)], [f("a", "x", "output", 5)]])[0].changes[1]).toBe("same");
  });
});

describe("overlayMetrics", () => {
  it("aligns the runs on the union of x values, null where a run has no point", () => {
    const a = [{ key: "loss", xKind: "step" as const, xs: [1, 2, 3], ys: [0.9, 0.5, 0.3] }];
    const b = [
      { key: "loss", xKind: "step" as const, xs: [2, 4], ys: [0.6, 0.2] },
      { key: "acc", xKind: "step" as const, xs: [4], ys: [0.8] },
    ];
    const [loss, acc] = overlayMetrics([a, b]);
    expect(loss).toEqual({ key: "loss", xKind: "step", xs: [1, 2, 3, 4], ys: [[0.9, 0.5, 0.3, null], [null, 0.6, null, 0.2]] });
    expect(acc).toEqual({ key: "acc", xKind: "step", xs: [4], ys: [[null], [0.8]] });
  });
});
