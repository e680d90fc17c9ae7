import { describe, expect, it } from "vitest";
import { accessInputOf, INITIAL_ACCESS_FIELDS, newVolumeRow, parsePorts, volumeRowsOf, volumesOf } from "./volume-rows";

describe("composer volume and access fields", () => {
  it("rows → input volumes: empty rows dropped, revision only for repos, readOnly only for buckets", () => {
    const ds = { ...newVolumeRow("dataset"), source: " alice/corpus ", mountPath: "/corpus", revision: "v1", path: "train" };
    const bk = { ...newVolumeRow("bucket"), source: "alice/scratch", mountPath: "/scratch", revision: "ignored" };
    expect(volumesOf([ds, newVolumeRow("model"), bk])).toEqual([
      { type: "dataset", source: "alice/corpus", mountPath: "/corpus", revision: "v1", path: "train" },
      { type: "bucket", source: "alice/scratch", mountPath: "/scratch", readOnly: false },
    ]);
  });

  it("a re-run's volumes come back as the same input", () => {
    const volumes = [
      { type: "model" as const, source: "alice/tiny", mountPath: "/model", revision: "abc" },
      { type: "bucket" as const, source: "alice/b", mountPath: "/b", readOnly: true, path: "sub" },
    ];
    expect(volumesOf(volumeRowsOf(volumes))).toEqual(volumes);
  });

  it("ports parse from commas or spaces; a token that is not a number is named", () => {
    expect(parsePorts("8000, 7860 9000")).toEqual({ ok: true, ports: [8000, 7860, 9000] });
    expect(parsePorts("")).toEqual({ ok: true, ports: [] });
    expect(parsePorts("8000, http")).toEqual({ ok: false, error: '"http" is not a port number' });
  });

  it("access fields → input: replicas as a number (empty = 1), group only when typed", () => {
    expect(accessInputOf(INITIAL_ACCESS_FIELDS)).toEqual({ volumes: [], expose: [], ssh: false, replicas: 1, networkGroup: undefined });
    expect(accessInputOf({ ...INITIAL_ACCESS_FIELDS, exposeText: "8000", ssh: true, replicasText: "3", networkGroup: " g1 " })).toEqual({
      volumes: [], expose: [8000], ssh: true, replicas: 3, networkGroup: "g1",
    });
    expect(accessInputOf({ ...INITIAL_ACCESS_FIELDS, replicasText: "" }).replicas).toBe(1);
  });
});
