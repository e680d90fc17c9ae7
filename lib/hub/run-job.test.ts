import { runJob as libRunJob } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { createScheduledJob } from "./create-scheduled-job";
import { getJob } from "./get-job";
import { getScheduledJob } from "./get-scheduled-job";
import { hubErrorStatus } from "./hub-api-error";
import type { JobSpec } from "./job-spec";
import { runJob } from "./run-job";

const spec: JobSpec = {
  dockerImage: "python:3.12",
  command: ["python3", "-c", "print('hi')"],
  arguments: [],
  environment: {},
  flavor: "cpu-basic",
  timeoutSeconds: 120,
  labels: { probe: "run-job" },
  volumes: [],
  network: { group: "run-job-test", aliases: ["master"] },
};

describe("lib/hub runJob / createScheduledJob against a local Hub", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());

  it("sends the wire spec as is: the 2.x `network` the library's runJob drops reaches the Hub", async () => {
    const job = await runJob({ ...t.base, spec });
    expect((await getJob({ ...t.base, jobId: job.id })).network).toEqual({ group: "run-job-test", aliases: ["master"] });
    // The gap this fills: the same spec through @huggingface/hub's runJob comes back without it.
    const viaLibrary = await libRunJob({ ...t.base, dockerImage: "python:3.12", command: spec.command, flavor: "cpu-basic", ...({ network: spec.network } as object) });
    expect((await getJob({ ...t.base, jobId: viaLibrary.id })).network ?? null).toBeNull();
    await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    await waitForStage(t.base, viaLibrary.id, ["COMPLETED", "ERROR"]);
  });

  it("refuses a spec with both or neither image kinds before sending anything", async () => {
    await expect(runJob({ ...t.base, spec: { ...spec, spaceId: "a/b" } })).rejects.toThrow(/exactly one of dockerImage and spaceId/);
    const { dockerImage: _d, ...none } = spec;
    void _d;
    await expect(runJob({ ...t.base, spec: none })).rejects.toThrow(/exactly one/);
  });

  it("turns a refused spec into the Hub's error (HubApiError with its status)", async () => {
    const err: unknown = await runJob({ ...t.base, spec: { ...spec, network: { group: "Not A Group!" } } }).catch((e: unknown) => e);
    expect(hubErrorStatus(err)).toBeGreaterThanOrEqual(400);
    expect(hubErrorStatus(err)).toBeLessThan(500);
  });

  it("creates a scheduled job whose stored spec keeps the fields (no `arguments`, §8.1)", async () => {
    const { id } = await createScheduledJob({ ...t.base, spec, schedule: "0 0 1 1 *", suspend: true, concurrency: false });
    const stored = await getScheduledJob({ ...t.base, scheduledJobId: id });
    expect(stored.jobSpec).toMatchObject({ dockerImage: "python:3.12", command: spec.command, timeoutSeconds: 120, labels: { probe: "run-job" } });
    expect((stored.jobSpec as { network?: unknown }).network).toEqual({ group: "run-job-test", aliases: ["master"] });
  });
});
