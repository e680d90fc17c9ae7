import { describe, expect, it } from "vitest";
import type { JobView } from "@/lib/jobs/view";
import { aggregateStage, groupRows, readDashboardUrl, sortJobs, writeDashboardUrl } from "./jobs-dashboard-model";

const job = (id: string, over: Partial<JobView> = {}): JobView =>
  ({ id, namespace: "alice", name: id, stage: "COMPLETED", createdAt: "2026-12-01T09:00:00Z", startedAt: null, finishedAt: null, durations: null, initiator: null, network: null, labels: {}, ...over }) as JobView;

describe("dashboard URL state", () => {
  it("round-trips every filter, keeps ns, and omits defaults", () => {
    const st = { stage: "ACTIVE", labels: ["team=ml", "env=prod"], name: "train-v2", q: "tra", sort: "oldest", cursors: ["c1", "c2"] };
    const sp = writeDashboardUrl(new URLSearchParams("ns=org"), st);
    expect(sp.get("ns")).toBe("org");
    expect(readDashboardUrl(sp)).toEqual(st);
    expect(writeDashboardUrl(new URLSearchParams("ns=org&stage=RUNNING"), { stage: "", labels: [], name: "", q: "", sort: "", cursors: [] }).toString()).toBe("ns=org");
  });

  it("ignores values it does not know (a hand-edited link cannot send junk to the Hub)", () => {
    expect(readDashboardUrl(new URLSearchParams("stage=BOGUS&sort=weird&label=novalue&label=a=b"))).toMatchObject({ stage: "", sort: "", labels: ["a=b"] });
  });

  it("reads a stage typed in lower case", () => {
    expect(readDashboardUrl(new URLSearchParams("stage=running")).stage).toBe("RUNNING");
    expect(readDashboardUrl(new URLSearchParams("stage=active")).stage).toBe("ACTIVE");
  });
});

describe("dashboard rows", () => {
  it("folds the runs of one schedule into one group where its newest run is", () => {
    const s = (id: string) => job(id, { initiator: { type: "scheduled-job", name: null, id: "S1" } });
    const rows = groupRows([s("r3"), job("a"), s("r2"), job("b", { initiator: { type: "scheduled-job", name: null, id: "S2" } })]);
    expect(rows.map((r) => (r.kind === "job" ? r.job.id : `group:${r.id}:${r.jobs.map((j) => j.id).join(",")}`))).toEqual(["group:S1:r3,r2", "a", "b"]);
  });

  it("folds the jobs of one network group into one row, apart from a schedule's runs and another group", () => {
    const n = (id: string, group: string, stage = "RUNNING") => job(id, { stage, network: { group, aliases: [] } });
    const s = (id: string) => job(id, { initiator: { type: "scheduled-job", name: null, id: "S1" } });
    const rows = groupRows([job("a"), n("w1", "ddp"), s("r2"), n("w0", "ddp"), n("solo", "other"), s("r1"), n("m", "ddp")]);
    expect(rows.map((r) => (r.kind === "job" ? r.job.id : `${r.by}:${r.id}:${r.jobs.map((j) => j.id).join(",")}`))).toEqual([
      "a",
      "network:ddp:w1,w0,m",
      "schedule:S1:r2,r1",
      "solo",
    ]);
  });

  it("a network group wins over a schedule; a group and a schedule of the same name stay apart", () => {
    const both = job("x", { network: { group: "S1", aliases: [] }, initiator: { type: "scheduled-job", name: null, id: "S1" } });
    const run = job("y", { initiator: { type: "scheduled-job", name: null, id: "S1" } });
    expect(groupRows([both, run]).map((r) => r.kind)).toEqual(["job", "job"]);
    const rows = groupRows([both, job("z", { network: { group: "S1", aliases: [] } }), run]);
    expect(rows.map((r) => (r.kind === "job" ? r.job.id : `${r.by}:${r.jobs.map((j) => j.id).join(",")}`))).toEqual(["network:x,z", "y"]);
  });

  it("gives a group one stage: the furthest active one while any runs, else the worst end", () => {
    expect(aggregateStage(["COMPLETED", "RUNNING", "SCHEDULING"])).toBe("RUNNING");
    expect(aggregateStage(["SCHEDULING", "ERROR"])).toBe("SCHEDULING");
    expect(aggregateStage(["running", "COMPLETED"])).toBe("RUNNING");
    expect(aggregateStage(["COMPLETED", "PAUSED"])).toBe("PAUSED");
    expect(aggregateStage(["COMPLETED", "ERROR", "CANCELED"])).toBe("ERROR");
    expect(aggregateStage(["COMPLETED", "CANCELED"])).toBe("CANCELED");
    expect(aggregateStage(["COMPLETED", "COMPLETED"])).toBe("COMPLETED");
    expect(aggregateStage([])).toBe("UNKNOWN");
  });

  it("sorts the page on screen", () => {
    const jobs = [job("b", { stage: "COMPLETED" }), job("a", { stage: "RUNNING" }), job("c", { stage: "ERROR" })];
    expect(sortJobs(jobs, "name", 0).map((j) => j.id)).toEqual(["a", "b", "c"]);
    expect(sortJobs(jobs, "oldest", 0).map((j) => j.id)).toEqual(["c", "a", "b"]);
    expect(sortJobs(jobs, "stage", 0).map((j) => j.id)).toEqual(["a", "c", "b"]);
    expect(sortJobs(jobs, "", 0).map((j) => j.id)).toEqual(["b", "a", "c"]);
  });
});
