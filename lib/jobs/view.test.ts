import { describe, expect, it } from "vitest";
import type { ApiJob, ApiScheduledJob } from "@/lib/hub/api-types";
import { jobInterval, listInterval, POLL } from "./poll";
import { isActive, isTerminal, stageTone } from "./stage";
import { compactJobView, LIST_VIEW_LIMITS, toJobView, toScheduledJobView } from "./view";

// The realistic Job object of specs/hub-jobs-api.md §7.1 (both clients' fields).
const SPEC_JOB = {
  id: "687fb701029421ae5549d998",
  type: "job",
  createdAt: "2025-07-22T16:06:25.079Z",
  startedAt: "2025-07-22T16:06:31.079Z",
  finishedAt: null,
  dockerImage: "python:3.12",
  spaceId: null,
  command: ["python", "-c", "print('Hello from the cloud!')"],
  arguments: [],
  environment: {},
  secrets: ["HF_TOKEN"],
  flavor: "cpu-basic",
  timeoutSeconds: 1800,
  labels: { name: "python-3-12-1a2b3c4d" },
  volumes: [{ type: "dataset", source: "org/ds", mountPath: "/in", readOnly: true }],
  status: { stage: "RUNNING", message: null, exposeUrls: ["https://687fb701029421ae5549d998--8000.hf.jobs"] },
  durations: { schedulingSecs: 6, runningSecs: 2, totalSecs: 8 },
  owner: { id: "5e9ecfc04957053f60648a3e", name: "lhoestq", type: "user" },
  initiator: { type: "user", id: "5e9ecfc04957053f60648a3e", name: "lhoestq" },
} as unknown as ApiJob;

describe("stages (B32)", () => {
  it("treats the four PY terminal stages as final and everything else, unknown included, as active", () => {
    for (const s of ["COMPLETED", "CANCELED", "ERROR", "DELETED"]) expect(isTerminal(s)).toBe(true);
    for (const s of ["SCHEDULING", "RUNNING", "UPDATING", "PAUSED", "DELETING", "SOMETHING_NEW"]) expect(isActive(s)).toBe(true);
    expect(stageTone("PAUSED")).toBe("neutral");
  });

  it("polls a list fast while any job is active (unknown counts) and a job until a final stage", () => {
    const job = (stage: string) => toJobView({ ...SPEC_JOB, status: { stage } } as unknown as ApiJob, "lhoestq");
    expect(listInterval({ jobs: [job("COMPLETED"), job("PAUSED")], nextCursor: null })).toBe(POLL.listActive);
    expect(listInterval({ jobs: [job("COMPLETED"), job("CANCELED")], nextCursor: null })).toBe(POLL.listIdle);
    expect(jobInterval(job("SCHEDULING"))).toBe(POLL.jobActive);
    expect(jobInterval(job("UNKNOWN_STAGE"))).toBe(POLL.jobActive);
    expect(jobInterval(job("COMPLETED"))).toBe(false);
  });
});

describe("view mappers", () => {
  it("maps the spec's example job", () => {
    expect(toJobView(SPEC_JOB, "ignored")).toMatchObject({
      id: SPEC_JOB.id,
      namespace: "lhoestq",
      name: "python-3-12-1a2b3c4d",
      stage: "RUNNING",
      image: "python:3.12",
      secretNames: ["HF_TOKEN"],
      timeoutSeconds: 1800,
      durations: { schedulingSecs: 6, runningSecs: 2, totalSecs: 8 },
      volumes: [{ type: "dataset", source: "org/ds", mountPath: "/in", path: null, readOnly: true }],
      artifactsFolder: null,
      initiator: { type: "user", name: "lhoestq" },
    });
  });

  it("reads the network group the Hub echoes (hub-jobs-2x.md), defensively", () => {
    const net = (network: unknown) => toJobView({ ...SPEC_JOB, network } as unknown as ApiJob, "x").network;
    expect(toJobView(SPEC_JOB, "x").network).toBeNull();
    expect(net({ group: "ddp-run", aliases: ["master", 3] })).toEqual({ group: "ddp-run", aliases: ["master"] });
    expect(net({ group: "ddp-run" })).toEqual({ group: "ddp-run", aliases: [] });
    for (const bad of [null, "ddp-run", { group: "" }, { group: 7 }, { aliases: ["master"] }, ["ddp-run"]]) expect(net(bad)).toBeNull();
    const long = compactJobView(toJobView({ ...SPEC_JOB, network: { group: "g".repeat(1000), aliases: Array.from({ length: 100 }, (_, k) => `a${k}`) } } as unknown as ApiJob, "x"));
    expect(long.network?.group.length).toBe(LIST_VIEW_LIMITS.chars + 1);
    expect(long.network?.aliases).toHaveLength(LIST_VIEW_LIMITS.entries);
  });

  it("reads secrets as a dict without keeping values, and finds the artifacts folder", () => {
    const v = toJobView(
      {
        ...SPEC_JOB,
        secrets: { HF_TOKEN: "hf_secret_value" },
        volumes: [{ type: "bucket", source: "lhoestq/jobs-artifacts", mountPath: "/data", path: "20260415T092902-5ca267", readOnly: false }],
      } as unknown as ApiJob,
      "lhoestq",
    );
    expect(v.secretNames).toEqual(["HF_TOKEN"]);
    expect(JSON.stringify(v)).not.toContain("hf_secret_value");
    expect(v.artifactsFolder).toBe("20260415T092902-5ca267");
  });

  it("reads a scheduled job's timeout as timeoutSeconds ?? timeout (C05) and its untyped status (§8.2)", () => {
    const raw = {
      id: "687fb701029421ae5549d999",
      createdAt: "2025-07-22T16:06:25.079Z",
      updatedAt: "2025-07-22T16:06:25.079Z",
      schedule: "@hourly",
      suspend: false,
      concurrency: false,
      job_spec: { dockerImage: "python:3.12", flavor: "cpu-basic", timeout: 86_400, labels: { name: "n" } },
      status: { lastJob: { id: "68a0c1f2e4b0a1b2c3d4e5f6", at: "2025-07-22T16:00:00.012Z" }, nextJobRunAt: "2025-07-22T17:00:00.000Z" },
      owner: { id: "x", name: "lhoestq", type: "user" },
    } as unknown as ApiScheduledJob;
    expect(toScheduledJobView(raw, "lhoestq")).toMatchObject({
      name: "n",
      spec: { timeoutSeconds: 86_400, image: "python:3.12" },
      lastJob: { id: "68a0c1f2e4b0a1b2c3d4e5f6" },
      nextJobRunAt: "2025-07-22T17:00:00.000Z",
    });
    expect(toScheduledJobView({ ...raw, status: undefined } as unknown as ApiScheduledJob, "lhoestq")).toMatchObject({ lastJob: null, nextJobRunAt: null });
  });
});

describe("list views stay small (issue 11 item 7)", () => {
  it("a hostile job (1 MB command, 10 000 labels, long env values) is bounded in a list, whole on its page", () => {
    const hostile = {
      ...SPEC_JOB,
      command: ["python", "-c", "x".repeat(1_000_000), ...Array.from({ length: 5000 }, (_, i) => `a${i}`)],
      environment: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`K${i}`, "v".repeat(10_000)])),
      labels: { ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`l${i}`, "y".repeat(100)])), name: "evil" },
      status: { stage: "RUNNING", message: "m".repeat(100_000) },
    } as unknown as ApiJob;
    const full = toJobView(hostile, "lhoestq");
    const list = compactJobView(full);
    expect(JSON.stringify(full).length).toBeGreaterThan(10_000_000);
    expect(JSON.stringify(list).length).toBeLessThan(40_000);
    expect(list.truncated).toBe(true);
    expect(list.name).toBe("evil");
    expect(list.labels.name).toBe("evil");
    expect(Object.keys(list.labels)).toHaveLength(LIST_VIEW_LIMITS.entries);
    expect(list.command[2]).toBe(`${"x".repeat(LIST_VIEW_LIMITS.chars)}…`);
    expect(full.command[2]).toHaveLength(1_000_000);
  });

  it("an ordinary job is sent as it is, without the truncated flag", () => {
    const view = toJobView(SPEC_JOB, "lhoestq");
    expect(compactJobView(view)).toEqual(view);
  });
});
