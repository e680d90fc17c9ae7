import { listJobs, listScheduledJobs } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { useJobsHubSuite } from "@/test-support/jobs-hub-suite";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";
import { scheduleJob } from "./schedule-job";
import { LAUNCH_KEY_LABEL, type LaunchInput } from "./schema";

/**
 * Issue 11 item 4: a job POST whose answer is lost (the local Hub's `drop-after` fault creates the job,
 * then destroys the connection) must end as exactly one job, found by its launch key, and a retry of an
 * uncertain attempt must not start a second one.
 */
const SCRIPT = "print('one job', flush=True)\n";

function submission(namespace: string, over: Partial<LaunchInput> = {}): { input: LaunchInput; files: LaunchFile[] } {
  const files: LaunchFile[] = [{ path: "one.py", content: new Blob([SCRIPT]) }];
  return { files, input: { namespace, files: files.map((f) => ({ path: f.path, size: f.content.size })), script: "one.py", ...over } };
}

describe("one launch is one job", () => {
  const hub = useJobsHubSuite();

  const jobsWithKey = async (key: string) => (await listJobs({ ...hub.t.base })).filter((j) => j.labels?.[LAUNCH_KEY_LABEL] === key);

  it("a lost answer to the job POST is resolved by the launch key: success, exactly one job", async () => {
    const launchKey = "lost-answer-key-000001";
    await hub.t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: `/api/jobs/${hub.ns}`, count: 1, kind: "drop-after" }) });
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey }) });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.recovered).toBe(true);
    const jobs = await jobsWithKey(launchKey);
    expect(jobs.map((j) => j.id)).toEqual([r.data.jobId]);
    const requests = (await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[];
    expect(requests.filter((q) => q.method === "POST" && q.path === `/api/jobs/${hub.ns}`)).toHaveLength(1);
  });

  it("a retry of an uncertain attempt (resume) answers the job that exists instead of starting another", async () => {
    const launchKey = "resume-key-00000000002";
    const first = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey }) });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const retry = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey, resume: true, reuseFolder: first.data.folder }) });
    if (!retry.ok) throw new Error(JSON.stringify(retry.error));
    expect(retry.data).toMatchObject({ jobId: first.data.jobId, recovered: true });
    expect(await jobsWithKey(launchKey)).toHaveLength(1);
  });

  it("resume with a key nothing was created under launches once", async () => {
    const launchKey = "resume-key-nothing-003";
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey, resume: true }) });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.recovered).toBeUndefined();
    expect((await jobsWithKey(launchKey)).map((j) => j.id)).toEqual([r.data.jobId]);
  });

  it("a dropped POST that created nothing fails honestly and leaves no job", async () => {
    const launchKey = "dropped-before-key-004";
    await hub.t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: `/api/jobs/${hub.ns}`, count: 1, kind: "drop" }) });
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { launchKey }) });
    expect(r).toMatchObject({ ok: false, error: { code: "hub_unavailable" } });
    expect(await jobsWithKey(launchKey)).toEqual([]);
  });

  it("the label is the app's: a user label with the same key is refused", async () => {
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { labels: { [LAUNCH_KEY_LABEL]: "x" } }) });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { [`labels.${LAUNCH_KEY_LABEL}`]: [expect.stringMatching(/set by the app/)] } } });
  });

  it("a schedule whose create answer is lost is found by its key: exactly one schedule", async () => {
    const launchKey = "lost-schedule-key-0005";
    await hub.t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: `/api/scheduled-jobs/${hub.ns}`, count: 1, kind: "drop-after" }) });
    const r = await scheduleJob({ ...hub.creds, ...submission(hub.ns, { launchKey, schedule: { cron: "0 9 * * 1", suspend: true, concurrency: false } }) });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.recovered).toBe(true);
    const rows = (await listScheduledJobs({ ...hub.t.base })).filter((s) => s.jobSpec.labels?.[LAUNCH_KEY_LABEL] === launchKey);
    expect(rows.map((s) => s.id)).toEqual([r.data.scheduledJobId]);
  });
});
