import { describe, expect, it } from "vitest";
import type { JobView } from "@/lib/jobs/view";
import { groupRows, readDashboardUrl, sortJobs, writeDashboardUrl } from "./jobs-dashboard";

const job = (id: string, over: Partial<JobView> = {}): JobView =>
  ({ id, namespace: "alice", name: id, stage: "COMPLETED", createdAt: "2026-12-01T09:00:00Z", startedAt: null, finishedAt: null, durations: null, initiator: null, labels: {}, ...over }) as JobView;

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
});

describe("dashboard rows", () => {
  it("folds the runs of one schedule into one group where its newest run is", () => {
    const s = (id: string) => job(id, { initiator: { type: "scheduled-job", name: null, id: "S1" } });
    const rows = groupRows([s("r3"), job("a"), s("r2"), job("b", { initiator: { type: "scheduled-job", name: null, id: "S2" } })]);
    expect(rows.map((r) => (r.kind === "job" ? r.job.id : `group:${r.scheduleId}:${r.jobs.map((j) => j.id).join(",")}`))).toEqual(["group:S1:r3,r2", "a", "b"]);
  });

  it("sorts the page on screen", () => {
    const jobs = [job("b", { stage: "COMPLETED" }), job("a", { stage: "RUNNING" }), job("c", { stage: "ERROR" })];
    expect(sortJobs(jobs, "name", 0).map((j) => j.id)).toEqual(["a", "b", "c"]);
    expect(sortJobs(jobs, "oldest", 0).map((j) => j.id)).toEqual(["c", "a", "b"]);
    expect(sortJobs(jobs, "stage", 0).map((j) => j.id)).toEqual(["a", "c", "b"]);
    expect(sortJobs(jobs, "", 0).map((j) => j.id)).toEqual(["b", "a", "c"]);
  });
});
