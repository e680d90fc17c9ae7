import {
  cancelJob, createScheduledJob, deleteScheduledJob, getJob, getScheduledJob, listScheduledJobs, resumeScheduledJob,
  runScheduledJob, suspendScheduledJob,
} from "@huggingface/hub";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processesWith, startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { jobSchedulerFor } from "../runner/job-scheduler";

const spec = (code: string, ...extra: string[]) => ({ dockerImage: "python:3.12", flavor: "cpu-basic" as const, command: ["python3", "-c", code, ...extra] });

describe("local Hub scheduled jobs", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());

  it("creates, gets, lists, suspends, resumes and deletes a scheduled job", async () => {
    const sj = await createScheduledJob({ ...t.base, schedule: "@hourly", jobSpec: { ...spec("print('tick')"), labels: { name: "hourly-job" }, secrets: { TOKEN: "hidden" } } });
    expect(sj.id).toMatch(/^[0-9a-f]{24}$/);
    expect(sj).toMatchObject({ schedule: "@hourly", suspend: false, concurrency: false, jobSpec: { command: ["python3", "-c", "print('tick')"], flavor: "cpu-basic", labels: { name: "hourly-job" } } });
    const raw = sj as unknown as { status: { lastJob: unknown; nextJobRunAt: string }; owner: unknown; jobSpec: { secrets: unknown } };
    expect(raw.status.lastJob).toBeNull();
    const next = new Date(raw.status.nextJobRunAt);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(raw.owner).toMatchObject({ name: "local-user", type: "user" });
    expect(raw.jobSpec.secrets).toEqual(["TOKEN"]);
    expect(JSON.stringify(await getScheduledJob({ ...t.base, jobId: sj.id }))).not.toContain("hidden");

    expect((await listScheduledJobs(t.base)).map((x) => x.id)).toContain(sj.id);
    await suspendScheduledJob({ ...t.base, jobId: sj.id });
    expect((await getScheduledJob({ ...t.base, jobId: sj.id })).suspend).toBe(true);
    await resumeScheduledJob({ ...t.base, jobId: sj.id });
    expect((await getScheduledJob({ ...t.base, jobId: sj.id })).suspend).toBe(false);

    const labels = await t.api(`/api/scheduled-jobs/local-user/${sj.id}/labels`, { method: "PUT", body: JSON.stringify({ labels: { team: "ml" } }) });
    expect(((await labels.json()) as { jobSpec: { labels: unknown } }).jobSpec.labels).toEqual({ team: "ml" });

    await deleteScheduledJob({ ...t.base, jobId: sj.id });
    await expect(getScheduledJob({ ...t.base, jobId: sj.id })).rejects.toMatchObject({ statusCode: 404 });
    expect((await listScheduledJobs(t.base)).map((x) => x.id)).not.toContain(sj.id);
  });

  it("runs now: an ordinary job with initiator scheduled-job; 409 while a run is active without concurrency", async () => {
    const m = `marker-${randomBytes(6).toString("hex")}`;
    const sj = await createScheduledJob({ ...t.base, schedule: "0 9 * * 1", jobSpec: { ...spec("import time; print('run', flush=True); time.sleep(60)", m), secrets: { S: "v" } } });
    const run = await runScheduledJob({ ...t.base, jobId: sj.id });
    expect(run).not.toBeNull();
    const job = run as NonNullable<typeof run>;
    expect(job.initiator).toMatchObject({ type: "scheduled-job", id: sj.id });
    expect(job.secrets).toEqual(["S"]);
    await waitForStage(t.base, job.id, ["RUNNING"]);
    expect(await runScheduledJob({ ...t.base, jobId: sj.id })).toBeNull();
    const conflict = await t.api(`/api/scheduled-jobs/local-user/${sj.id}/run`, { method: "POST" });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: string }).error).toMatch(/already has a run in progress/);
    const after = (await getScheduledJob({ ...t.base, jobId: sj.id })) as unknown as { status: { lastJob: { id: string; at: string } } };
    expect(after.status.lastJob).toEqual({ id: job.id, at: job.createdAt });
    await cancelJob({ ...t.base, jobId: job.id });
    expect(processesWith(m)).toEqual([]);
  });

  it("allows overlapping runs with concurrency, and a timer tick creates a scheduled-job run", async () => {
    const sj = await createScheduledJob({ ...t.base, schedule: "*/5 * * * *", concurrency: true, jobSpec: spec("import time; time.sleep(30)") });
    const a = await runScheduledJob({ ...t.base, jobId: sj.id });
    const b = await runScheduledJob({ ...t.base, jobId: sj.id });
    expect(a?.id).toBeTruthy();
    expect(b?.id).toBeTruthy();
    expect(a?.id).not.toBe(b?.id);
    const ticked = jobSchedulerFor(t.hub.hub.ctx).tick(sj.id);
    expect(ticked?.initiator).toMatchObject({ type: "scheduled-job", id: sj.id });
    for (const j of [a, b, ticked]) if (j) await cancelJob({ ...t.base, jobId: j.id });

    const single = await createScheduledJob({ ...t.base, schedule: "@daily", suspend: true, jobSpec: spec("print('x')") });
    expect(jobSchedulerFor(t.hub.hub.ctx).tick(single.id)).toBeNull(); // suspended: the tick is skipped
  });

  it.each([
    ["every_minute", /must be a 5-field cron expression/],
    ["@every_minute", /not supported; use one of @annually, @yearly, @monthly, @weekly, @daily, @hourly/],
    ["@HOURLY", /not supported/],
    ["0 0 * * * *", /must be a 5-field cron expression/],
    ["* * * *", /must be a 5-field cron expression/],
    ["61 * * * *", /not a valid cron expression/],
    ["0 0 L * *", /day of month field "L" is not valid cron syntax/],
    ["0 0 * * 5#2", /day of week field "5#2" is not valid cron syntax/],
    ["0 0 30 2 *", /never runs/],
    ["", /schedule must be a non-empty string/],
  ])("refuses the schedule %j with 400", async (schedule, error) => {
    const res = await t.api("/api/scheduled-jobs/local-user", { method: "POST", body: JSON.stringify({ schedule, jobSpec: spec("print(1)") }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(error);
  });

  it("validates the job spec of a scheduled job and names the field", async () => {
    const res = await t.api("/api/scheduled-jobs/local-user", { method: "POST", body: JSON.stringify({ schedule: "@daily", jobSpec: { ...spec("x"), flavor: "gpu-huge" } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/jobSpec\.flavor "gpu-huge" is not a known hardware flavor/);
    const other = await (await t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: "eve" }), headers: { "Content-Type": "application/json" } })).json() as { token: string };
    await expect(createScheduledJob({ ...t.base, accessToken: other.token, schedule: "@daily", jobSpec: spec("x") })).rejects.toMatchObject({ statusCode: 403 });
  });

  it("keeps schedules across a restart and re-arms them; close leaves no timer", async () => {
    const first = await startJobsHub();
    const sj = await createScheduledJob({ ...first.base, schedule: "30 4 * * *", jobSpec: spec("print(1)") });
    const suspended = await createScheduledJob({ ...first.base, schedule: "@weekly", suspend: true, jobSpec: spec("print(2)") });
    const scheduler = jobSchedulerFor(first.hub.hub.ctx);
    expect(scheduler.armedCount).toBe(2);
    await first.hub.close();
    expect(scheduler.armedCount).toBe(0);

    const second = await startJobsHub({ dir: first.dir });
    try {
      expect(jobSchedulerFor(second.hub.hub.ctx).armedCount).toBe(2);
      const again = await getScheduledJob({ ...second.base, jobId: sj.id });
      expect(again.schedule).toBe("30 4 * * *");
      const next = new Date((again as unknown as { status: { nextJobRunAt: string } }).status.nextJobRunAt);
      expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([4, 30]);
      expect((await getScheduledJob({ ...second.base, jobId: suspended.id })).suspend).toBe(true);
      const run = await runScheduledJob({ ...second.base, jobId: sj.id });
      expect((await waitForStage(second.base, run?.id ?? "", ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
      expect((await getJob({ ...second.base, jobId: run?.id ?? "" })).initiator).toMatchObject({ type: "scheduled-job" });
    } finally {
      await second.hub.close();
    }
  });
});
