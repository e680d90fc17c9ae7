import { describe, expect, it } from "vitest";
import { buildJobSpec } from "./build-job-spec";
import { groupFromLaunchKey, PREVIEW_GROUP } from "./job-spec-fields-2x";
import { replicaSpecs } from "./replicas";
import { LAUNCH_KEY_LABEL, type LaunchInput } from "./schema";

const base: LaunchInput = { namespace: "alice", files: [{ path: "train.py", size: 10 }], script: "train.py" };
const build = (over: Partial<LaunchInput>) => buildJobSpec({ ...base, ...over }, { folder: "F" });

describe("volumes in the spec builder", () => {
  it("sends a dataset (revision, sub-path) and a read-only bucket before the artifacts volume", () => {
    const r = build({
      volumes: [
        { type: "dataset", source: "alice/corpus", mountPath: "/corpus", revision: "v1", path: "train" },
        { type: "bucket", source: "alice/scratch", mountPath: "/scratch", readOnly: true },
      ],
    });
    expect(r.fieldErrors).toEqual({});
    expect(r.spec?.volumes).toEqual([
      { type: "dataset", source: "alice/corpus", mountPath: "/corpus", revision: "v1", path: "train" },
      { type: "bucket", source: "alice/scratch", mountPath: "/scratch", readOnly: true },
      { type: "bucket", source: "alice/jobs-artifacts", mountPath: "/data", path: "F", readOnly: false },
    ]);
  });

  it.each([
    [{ type: "dataset", source: "alice/a", mountPath: "/data" }, "volumes.0.mountPath", /reserved/],
    [{ type: "model", source: "alice/a", mountPath: "/m/../etc" }, "volumes.0.mountPath", /plain absolute folder/],
    [{ type: "model", source: "alice/a", mountPath: "/m", readOnly: false }, "volumes.0.readOnly", /read-only/],
    [{ type: "bucket", source: "alice/a", mountPath: "/b", revision: "main" }, "volumes.0.revision", /no revisions/],
    [{ type: "dataset", source: "alice/a", mountPath: "/d", path: "../x" }, "volumes.0.path", /sub-path/],
  ] as const)("refuses %j on %s", (volume, field, message) => {
    const r = build({ volumes: [volume] });
    expect(r.spec).toBeNull();
    expect(r.fieldErrors[field]?.join(" ")).toMatch(message);
  });

  it("refuses two volumes at one mount path, naming the second", () => {
    const r = build({ volumes: [{ type: "dataset", source: "alice/a", mountPath: "/in" }, { type: "bucket", source: "alice/b", mountPath: "/in" }] });
    expect(r.fieldErrors["volumes.1.mountPath"]?.[0]).toMatch(/one volume per mount path/);
    expect(r.fieldErrors["volumes.0.mountPath"]).toBeUndefined();
  });
});

describe("expose, ssh and replicas in the spec builder", () => {
  it("sends expose ports and ssh only when asked", () => {
    expect(build({}).spec).not.toHaveProperty("expose");
    expect(build({}).spec).not.toHaveProperty("ssh");
    const r = build({ expose: [8000, 7860], ssh: true });
    expect(r.spec?.expose).toEqual({ ports: [8000, 7860] });
    expect(r.spec?.ssh).toEqual({ enabled: true });
  });

  it("refuses a port out of range and a port given twice", () => {
    const r = build({ expose: [0, 8000, 8000, 70000] });
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["expose.0", "expose.2", "expose.3"]);
  });

  it("replicas: group from the launch key (stable across retries), master alias; a typed group is kept", () => {
    const key = "0123456789abcdef0123";
    expect(build({ replicas: 2, launchKey: key }).spec?.network).toEqual({ group: groupFromLaunchKey(key), aliases: ["master"] });
    expect(groupFromLaunchKey(key)).toMatch(/^g-[0-9a-f]{16}$/);
    expect(build({ replicas: 2 }).spec?.network?.group).toBe(PREVIEW_GROUP);
    expect(build({ replicas: 3, networkGroup: "train-1", launchKey: key }).spec?.network).toEqual({ group: "train-1", aliases: ["master"] });
    expect(build({ replicas: 1 }).spec).not.toHaveProperty("network");
    expect(build({ replicas: 1, networkGroup: "solo" }).spec?.network).toEqual({ group: "solo" });
  });

  it("refuses replicas outside 1–16, a group name the Hub refuses, and replicas on a schedule", () => {
    expect(build({ replicas: 0 }).fieldErrors.replicas).toBeDefined();
    expect(build({ replicas: 17 }).fieldErrors.replicas).toBeDefined();
    expect(build({ replicas: 2, networkGroup: "Has_Caps" }).fieldErrors.networkGroup?.[0]).toMatch(/lowercase/);
    expect(build({ replicas: 2, schedule: { cron: "@daily" } }).fieldErrors.replicas?.[0]).toMatch(/scheduled/);
  });
});

describe("replicaSpecs", () => {
  it("gives each rank its env, alias and own launch key; the user's MASTER_PORT wins, RANK does not", () => {
    const spec = build({ replicas: 3, launchKey: "launch-key-0000000001", env: { MASTER_PORT: "1234", RANK: "9", LR: "0.1" } }).spec;
    if (!spec) throw new Error("no spec");
    const specs = replicaSpecs(spec, { count: 3, launchKey: "launch-key-0000000001" });
    expect(specs.map((s) => s.spec.network)).toEqual([
      { group: spec.network?.group, aliases: ["master"] },
      { group: spec.network?.group, aliases: ["rank-1"] },
      { group: spec.network?.group, aliases: ["rank-2"] },
    ]);
    expect(specs.map((s) => s.spec.labels[LAUNCH_KEY_LABEL])).toEqual(["launch-key-0000000001.r0", "launch-key-0000000001.r1", "launch-key-0000000001.r2"]);
    expect(specs[2]?.spec.environment).toEqual({ MASTER_PORT: "1234", LR: "0.1", RANK: "2", NODE_RANK: "2", WORLD_SIZE: "3", NNODES: "3", MASTER_ALIAS: "master" });
    expect(specs.map((s) => s.spec.command)).toEqual([spec.command, spec.command, spec.command]);
  });
});
