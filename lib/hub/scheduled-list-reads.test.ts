import { createScheduledJob } from "@huggingface/hub";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { suspendScheduledJobCommand } from "@/lib/jobs/job-commands";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { forgetJobReads, readScheduledJobList, scheduledListReads } from "./namespace-reads";

/**
 * The scheduled-jobs list shares one Hub answer per namespace per poll interval, like the job list
 * (namespace-reads.test.ts), against a running local Hub: counted from its `/__test/requests` log.
 */
describe("readScheduledJobList: one Hub read of the schedules per namespace per poll interval", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());
  beforeEach(async () => {
    scheduledListReads.clear();
    await t.api("/__test/requests", { method: "DELETE" });
  });
  const listCalls = async () =>
    ((await (await t.api("/__test/requests")).json()) as { path: string; method: string }[]).filter((r) => r.method === "GET" && r.path === `/api/scheduled-jobs/${t.base.namespace}`).length;
  const read = (token: string, now: number) => readScheduledJobList({ ...t.base, accessToken: token, now });
  const schedule = (name: string) =>
    createScheduledJob({ ...t.base, schedule: "@hourly", jobSpec: { dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", "print(1)"], labels: { name } } });

  it("five reads within the interval cost one Hub request; after 10 s, one more", async () => {
    const sj = await schedule("coalesced-a");
    await t.api("/__test/requests", { method: "DELETE" });
    const now = Date.now();
    const first = await read(t.base.accessToken, now);
    expect(first.map((s) => s.id)).toContain(sj.id);
    for (let k = 1; k < 5; k++) expect(await read(t.base.accessToken, now + 1_000 * k)).toEqual(first);
    expect(await listCalls()).toBe(1);
    await read(t.base.accessToken, now + 10_001);
    expect(await listCalls()).toBe(2);
  });

  it("a mutation forgets the namespace's answer: a new or suspended schedule shows on the next read", async () => {
    const now = Date.now();
    const before = await read(t.base.accessToken, now);
    const sj = await schedule("coalesced-b");
    // Without a forget the shared answer is still the one from before the creation…
    expect((await read(t.base.accessToken, now + 10)).map((s) => s.id)).toEqual(before.map((s) => s.id));
    forgetJobReads(t.base.namespace);
    expect((await read(t.base.accessToken, now + 20)).map((s) => s.id)).toContain(sj.id);
    const paused = await suspendScheduledJobCommand({ ...t.base, scheduledJobId: sj.id });
    expect(paused.ok).toBe(true);
    forgetJobReads(t.base.namespace);
    expect((await read(t.base.accessToken, now + 30)).find((s) => s.id === sj.id)?.suspend).toBe(true);
    expect(await listCalls()).toBe(3);
  });

  it("another allowed token reads from the Hub once, then shares; a refused token never gets the answer", async () => {
    const other = ((await (await t.api("/__test/tokens", { method: "POST", body: JSON.stringify({ role: "read" }) })).json()) as { token: string }).token;
    const stranger = ((await (await t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: `stranger${Date.now()}` }) })).json()) as { token: string }).token;
    await t.api("/__test/requests", { method: "DELETE" });
    const now = Date.now();
    const mine = await read(t.base.accessToken, now);
    expect(await read(other, now + 10)).toEqual(mine);
    await read(other, now + 20);
    expect(await listCalls()).toBe(2);
    await expect(read(stranger, now + 30)).rejects.toMatchObject({ statusCode: 403 });
    await expect(read(stranger, now + 40)).rejects.toMatchObject({ statusCode: 403 });
    expect(await listCalls()).toBe(4);
  });
});
