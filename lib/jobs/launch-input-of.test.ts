import { describe, expect, it } from "vitest";
import type { ApiJob } from "@/lib/hub/api-types";
import type { JobSpec } from "@/lib/hub/job-spec";
import { buildJobSpec } from "./build-job-spec";
import { jobSpecOf } from "./job-spec-of";
import { launchInputOf } from "./launch-input-of";
import { LAUNCH_KEY_LABEL, type LaunchInput } from "./schema";
import { toJobView } from "./view";

const FOLDER = "20261201T120000-abc123";

const input: LaunchInput = {
  namespace: "alice",
  files: [
    { path: "train.py", size: 10 },
    { path: "configs/a.yaml", size: 5 },
  ],
  script: "train.py",
  args: ["--config", "configs/a.yaml", "--lr=1e-4"],
  dependencies: ["torch>=2.1", 'pandas; python_version >= "3.10"'],
  python: "3.11",
  image: "ghcr.io/astral-sh/uv:python3.11-bookworm",
  flavor: "a10g-small",
  timeout: "5m",
  env: { WANDB_PROJECT: "x" },
  secrets: { WANDB_KEY: "s3cret" },
  labels: { team: "ml" },
  volumes: [{ type: "dataset", source: "org/ds", mountPath: "/dataset", readOnly: true }],
  name: "my-run",
  launchKey: "k".repeat(32),
};

/** The job object the Hub answers for a spec: the spec echoed, secrets as names (specs/hub-jobs-api.md §7.1). */
function hubJob(spec: JobSpec, extra: Record<string, unknown> = {}): ApiJob {
  const { secrets, ...rest } = spec;
  return {
    ...rest,
    ...extra,
    type: "job",
    id: "0123456789abcdef01234567",
    status: { stage: "COMPLETED", failureCount: 0 },
    createdAt: "2026-12-01T12:00:00.000Z",
    secrets: Object.keys(secrets ?? {}),
  } as unknown as ApiJob;
}

function built(): JobSpec {
  const spec = buildJobSpec(input, { folder: FOLDER }).spec;
  if (!spec) throw new Error("the fixture must build");
  return spec;
}

describe("launchInputOf (Edit and re-run reads a job back into the form)", () => {
  it("gives back what the launch sent: uv command fields, image, flavor, timeout, env, labels, name, user volumes", () => {
    const back = launchInputOf(toJobView(hubJob(built()), "alice"));
    expect(back).toMatchObject({
      script: "train.py",
      args: ["--config", "configs/a.yaml", "--lr=1e-4"],
      dependencies: input.dependencies,
      python: "3.11",
      image: input.image,
      flavor: "a10g-small",
      timeout: "300",
      env: { WANDB_PROJECT: "x" },
      labels: { team: "ml" },
      name: "my-run",
      volumes: [{ type: "dataset", source: "org/ds", mountPath: "/dataset", readOnly: true }],
    });
  });

  it("never gives back a secret value, the app's own labels or the artifacts folder's /data volume", () => {
    const back = launchInputOf(toJobView(hubJob(built()), "alice"));
    expect(back.secrets).toEqual({ WANDB_KEY: "" });
    expect(Object.keys(back.labels)).not.toContain(LAUNCH_KEY_LABEL);
    expect(back.volumes.map((v) => v.mountPath)).toEqual(["/dataset"]);
  });

  it("what it gives back builds the same spec again (fresh folder and launch key aside)", () => {
    const back = launchInputOf(toJobView(hubJob(built()), "alice"));
    const { command: _command, ...fields } = back;
    void _command;
    const again = buildJobSpec({ ...input, ...fields, secrets: { WANDB_KEY: "s3cret" } }, { folder: FOLDER }).spec;
    expect(again).toEqual(built());
  });
});

describe("jobSpecOf (Duplicate re-sends a job's spec)", () => {
  it("reads back every field the launch sent, without secret values", () => {
    const spec = built();
    const { secrets: _secrets, ...withoutSecrets } = spec;
    void _secrets;
    const back = jobSpecOf(hubJob(spec));
    expect(back.spec).toEqual(withoutSecrets);
    expect(back.secretNames).toEqual(["WANDB_KEY"]);
  });

  it("keeps the fields the launch form does not set: arch, attempts and the 2.x expose / network", () => {
    const back = jobSpecOf(hubJob(built(), { arch: "arm64", attempts: 3, expose: { ports: [8000] }, network: { group: "g1", aliases: ["master"] } }));
    expect(back.spec).toMatchObject({ arch: "arm64", attempts: 3, expose: { ports: [8000] }, network: { group: "g1", aliases: ["master"] } });
  });

  it("reads the Python client's `timeout` when `timeoutSeconds` is absent (field case C05)", () => {
    const { timeoutSeconds: _t, ...spec } = built();
    void _t;
    expect(jobSpecOf(hubJob(spec as JobSpec, { timeout: 600 })).spec.timeoutSeconds).toBe(600);
  });
});
