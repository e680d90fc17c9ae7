import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { replaceScheduledJob } from "./replace-schedule";

/** Editing a schedule against the local Hub: create the new one, then delete the old; the order's guarantees. */
describe("replaceScheduledJob", () => {
  let t: JobsHub;
  const ns = "local-user";
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());
  beforeEach(async () => {
    await t.api("/__test/faults", { method: "DELETE" });
  });

  async function seed(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t.api(`/api/scheduled-jobs/${ns}`, {
      method: "POST",
      body: JSON.stringify({
        schedule: "0 12 29 2 *",
        suspend: true,
        concurrency: false,
        jobSpec: { dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", "print(1)"], labels: { name: "nightly", "jobs-studio.launch": "k".repeat(32) }, timeoutSeconds: 600, ...extra },
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }
  const creds = () => ({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken });
  const status = async (id: string) => (await t.api(`/api/scheduled-jobs/${ns}/${id}`)).status;

  it("creates the new schedule (UTC cron of the zone, same spec, lineage labels, suspend kept), then deletes the old", async () => {
    const oldId = await seed();
    const r = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "0 9 * * *", timeZone: "Asia/Tokyo", concurrency: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data).toMatchObject({ replacedId: oldId, schedule: "0 0 * * *", deleted: true });
    expect(await status(oldId)).toBe(404);
    const sj = (await (await t.api(`/api/scheduled-jobs/${ns}/${r.data.scheduledJobId}`)).json()) as { schedule: string; suspend: boolean; concurrency: boolean; jobSpec: { command: string[]; timeoutSeconds?: number; labels: Record<string, string> } };
    expect(sj).toMatchObject({ schedule: "0 0 * * *", suspend: true, concurrency: true });
    expect(sj.jobSpec.command).toEqual(["python3", "-c", "print(1)"]);
    expect(sj.jobSpec.timeoutSeconds).toBe(600);
    expect(sj.jobSpec.labels).toMatchObject({ name: "nightly", "jobs-studio.replaces": oldId, "jobs-studio.lineage": oldId, "jobs-studio.tz": "Asia.Tokyo" });
    expect(sj.jobSpec.labels["jobs-studio.launch"]).toBeUndefined();
  });

  it("when the create fails, nothing is deleted", async () => {
    const oldId = await seed();
    await t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: `/api/scheduled-jobs/${ns}`, count: 1 }) });
    const r = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "@daily", concurrency: false });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(`left as it was`);
    expect(await status(oldId)).toBe(200);
  });

  it("when the delete fails, says both exist", async () => {
    const oldId = await seed();
    await t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "DELETE", path: `/api/scheduled-jobs/${ns}/${oldId}`, count: 5 }) });
    const r = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "@daily", concurrency: false });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.deleted).toBe(false);
    expect(r.data.deleteError).toBeTruthy();
    await t.api("/__test/faults", { method: "DELETE" });
    expect(await status(oldId)).toBe(200);
    expect(await status(r.data.scheduledJobId)).toBe(200);
  });

  it("refuses a bad cron or zone, and a schedule with secrets without their values, before sending anything", async () => {
    const oldId = await seed({ secrets: { API_KEY: "v" } });
    const badCron = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "61 * * * *", concurrency: false });
    expect(!badCron.ok && badCron.error.fieldErrors).toHaveProperty("cron");
    const badZone = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "@daily", timeZone: "Mars/Olympus", concurrency: false });
    expect(!badZone.ok && badZone.error.fieldErrors).toHaveProperty("timeZone");
    const noSecret = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "@daily", concurrency: false });
    expect(!noSecret.ok && noSecret.error.fieldErrors).toHaveProperty(["secrets.API_KEY"]);
    expect(await status(oldId)).toBe(200);
    const withSecret = await replaceScheduledJob({ ...creds(), namespace: ns, scheduledJobId: oldId, cron: "@daily", concurrency: false, secrets: { API_KEY: "v2" } });
    expect(withSecret.ok && withSecret.data.deleted).toBe(true);
  });
});
