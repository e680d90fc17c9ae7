import { describe, expect, it } from "vitest";
import type { ApiJob } from "@/lib/hub/api-types";
import { buildJobSpec } from "@/lib/jobs/build-job-spec";
import { DEFAULT_IMAGE } from "@/lib/jobs/schema";
import { toJobView } from "@/lib/jobs/view";
import { parseUvCommand } from "@/lib/jobs/parse-uv-command";
import { REENTER_SECRET_MESSAGE, rerunSecretRows, secretRowErrors } from "./rerun";

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

describe("re-run secrets (the Hub returns names only)", () => {
  // The JS client's typing of a job: `secrets` is a list of names (specs/hub-jobs-api.md §12 q2).
  const sourceJob = toJobView(
    { id: "6650a1b2c3d4e5f6a7b8c9d0", owner: { name: "alice" }, dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm", command: ["uv", "run", "/data/train.py"], flavor: "cpu-basic", secrets: ["MY_SECRET"], status: { stage: "COMPLETED" } } as unknown as ApiJob,
    "alice",
  );
  let ids = 0;
  const newId = () => ++ids;

  it("prefills one row per secret name: name filled, value empty, flagged for re-entry", () => {
    const rows = rerunSecretRows({ secretNames: sourceJob.secretNames, newId });
    expect(rows).toEqual([{ id: expect.any(Number), key: "MY_SECRET", value: "", fromSession: false, sealed: false, mustReenter: true }]);
  });

  it("blocks the launch with an error on that row while the value is empty, and not once filled or removed", () => {
    const rows = rerunSecretRows({ secretNames: sourceJob.secretNames, newId });
    expect(secretRowErrors({ rows })).toEqual({ "secrets.MY_SECRET": [REENTER_SECRET_MESSAGE] });
    expect(REENTER_SECRET_MESSAGE).toBe("enter the value again: the Hub never returns secret values");
    const filled = rows.map((r) => ({ ...r, value: "s3cr3t", sealed: true }));
    expect(secretRowErrors({ rows: filled })).toEqual({});
    // "Replace" empties the value again: blocked again.
    expect(secretRowErrors({ rows: filled.map((r) => ({ ...r, value: "", sealed: false })) })).toEqual({ "secrets.MY_SECRET": [REENTER_SECRET_MESSAGE] });
    expect(secretRowErrors({ rows: [] })).toEqual({});
  });

  it("leaves rows the user added (not from a re-run) alone, as before", () => {
    expect(secretRowErrors({ rows: [{ id: newId(), key: "OTHER", value: "", fromSession: false, sealed: false }] })).toEqual({});
    expect(secretRowErrors({ rows: [{ id: newId(), key: "HF_TOKEN", value: "", fromSession: true, sealed: true, mustReenter: true }] })).toEqual({});
  });

  it("the spec built from the prefilled rows lists the secret name", () => {
    const rows = rerunSecretRows({ secretNames: sourceJob.secretNames, newId });
    const secrets = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    const built = buildJobSpec(
      { namespace: "alice", files: [{ path: "train.py", size: 10 }], script: "train.py", args: [], dependencies: [], image: DEFAULT_IMAGE, flavor: "cpu-basic", env: {}, secrets, labels: {} },
      { folder: "20261129T000000-abcdef" },
    );
    expect(Object.keys(built.redactedSpec?.secrets ?? {})).toEqual(["MY_SECRET"]);
  });
});
