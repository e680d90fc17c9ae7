import { getJob, getScheduledJob } from "@huggingface/hub";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setHubSessionForTests } from "@/lib/auth/session";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { fakeHubToken } from "@/test-support/fake-token";
import {
  cancelJobAction,
  deleteScheduledJobAction,
  duplicateJobAction,
  resumeScheduledJobAction,
  runScheduledJobNowAction,
  suspendScheduledJobAction,
} from "./actions";
import { launchFromForm } from "./launch-form";
import type { LaunchInput } from "./schema";

const SLEEPER = 'import time\nprint("started", flush=True)\ntime.sleep(30)\n';

function form(input: LaunchInput, files: { path: string; text: string }[], layout: "file" | "file:" = "file"): FormData {
  const fd = new FormData();
  fd.set("input", JSON.stringify(input));
  for (const f of files) {
    if (layout === "file") fd.append("file", new File([f.text], f.path));
    else fd.append(`file:${f.path}`, new File([f.text], f.path.split("/").at(-1) ?? f.path));
  }
  return fd;
}
function launchForm(namespace: string, script: string, over: Partial<LaunchInput> = {}, layout: "file" | "file:" = "file"): FormData {
  const files = [{ path: "job/main.py", text: script }, { path: "job/conf/a.yaml", text: "x: 1\n" }];
  return form(
    { namespace, files: files.map((f) => ({ path: f.path, size: new Blob([f.text]).size })), script: "job/main.py", args: ["job/conf/a.yaml"], ...over },
    files,
    layout,
  );
}

describe("server actions against a local Hub", () => {
  let t: JobsHub;
  let ns: string;
  beforeAll(async () => {
    t = await startJobsHub();
    ns = t.base.namespace;
  });
  afterAll(() => t.hub.close());
  afterEach(() => setHubSessionForTests(undefined));
  const signIn = (accessToken = t.base.accessToken) =>
    setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken, user: { name: ns }, namespaces: [ns] });

  it("refuses signed-out callers and foreign namespaces before anything else", async () => {
    setHubSessionForTests(null);
    expect(await launchFromForm(launchForm(ns, "print(1)"))).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await cancelJobAction({ namespace: ns, jobId: "0123456789abcdef01234567" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    signIn();
    expect(await launchFromForm(launchForm("someone-else", "print(1)"))).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await deleteScheduledJobAction({ namespace: "someone-else", scheduledJobId: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("validates input with field errors", async () => {
    signIn();
    const bad = new FormData();
    bad.set("input", "{not json");
    expect(await launchFromForm(bad)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await launchFromForm(launchForm(ns, "print(1)", { timeout: "soon" }))).toMatchObject({
      ok: false, error: { code: "invalid_input", fieldErrors: { timeout: [expect.any(String)] } },
    });
    expect(await cancelJobAction({ namespace: ns, jobId: "../../etc" })).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { jobId: [expect.any(String)] } } });
  });

  it("launches from FormData (`file` entries named by relative path), then cancels and duplicates", async () => {
    signIn();
    const r = await launchFromForm(launchForm(ns, SLEEPER));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.command).toEqual(["uv", "run", "/data/job/main.py", "/data/job/conf/a.yaml"]);
    expect(r.data.folderUrl).toBe(`${t.base.hubUrl}/buckets/${ns}/jobs-artifacts/tree/${r.data.folder}`);
    const jobId = r.data.jobId as string;
    await waitForStage(t.base, jobId, ["RUNNING"]);

    const dup = await duplicateJobAction({ namespace: ns, jobId });
    if (!dup.ok) throw new Error(JSON.stringify(dup.error));
    expect(dup.data.jobId).not.toBe(jobId);
    expect(dup.data.jobUrl).toBe(`${t.base.hubUrl}/jobs/${ns}/${dup.data.jobId}`);
    const copy = await getJob({ ...t.base, jobId: dup.data.jobId });
    expect(copy.command).toEqual(r.data.command);
    // Its own folder, never the original's (whose outputs it would overwrite).
    expect(dup.data.folder).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(dup.data.folder).not.toBe(r.data.folder);
    expect(copy.volumes?.find((v) => v.mountPath === "/data")?.path).toBe(dup.data.folder);

    for (const id of [jobId, dup.data.jobId]) {
      expect(await cancelJobAction({ namespace: ns, jobId: id })).toEqual({ ok: true, data: { jobId: id } });
      expect((await waitForStage(t.base, id, ["CANCELED", "COMPLETED", "ERROR"])).status.stage).toBe("CANCELED");
    }
  });

  it("accepts `file:<path>` entries too", async () => {
    signIn();
    const r = await launchFromForm(launchForm(ns, "print('ok')", {}, "file:"));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.files.map((f) => f.mountedPath)).toEqual(["/data/job/main.py", "/data/job/conf/a.yaml"]);
  });

  it("schedules, runs now (conflict while a run is active), suspends, resumes and deletes", async () => {
    signIn();
    const r = await launchFromForm(launchForm(ns, SLEEPER, { schedule: { cron: "0 0 1 1 *", suspend: false, concurrency: false }, timeout: "1h" }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const scheduledJobId = r.data.scheduledJobId as string;
    expect(r.data.jobId).toBeUndefined();
    expect(r.data.timeoutSeconds).toBe(3600);

    const run = await runScheduledJobNowAction({ namespace: ns, scheduledJobId });
    if (!run.ok) throw new Error(JSON.stringify(run.error));
    await waitForStage(t.base, run.data.jobId, ["RUNNING"]);
    const second = await runScheduledJobNowAction({ namespace: ns, scheduledJobId });
    expect(second).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/still active/) } });

    expect(await suspendScheduledJobAction({ namespace: ns, scheduledJobId })).toEqual({ ok: true, data: { scheduledJobId } });
    expect((await getScheduledJob({ ...t.base, jobId: scheduledJobId })).suspend).toBe(true);
    expect(await resumeScheduledJobAction({ namespace: ns, scheduledJobId })).toEqual({ ok: true, data: { scheduledJobId } });
    expect((await getScheduledJob({ ...t.base, jobId: scheduledJobId })).suspend).toBe(false);
    expect(await deleteScheduledJobAction({ namespace: ns, scheduledJobId })).toEqual({ ok: true, data: { scheduledJobId } });
    expect(await deleteScheduledJobAction({ namespace: ns, scheduledJobId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    await cancelJobAction({ namespace: ns, jobId: run.data.jobId });
  });

  it("useSessionTokenAs puts the session token in secrets only", async () => {
    signIn();
    const r = await launchFromForm(launchForm(ns, "print(1)", { useSessionTokenAs: "HF_TOKEN" }));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(JSON.stringify(r)).not.toContain(t.base.accessToken);
    const job = await getJob({ ...t.base, jobId: r.data.jobId as string });
    expect(JSON.stringify(job.environment)).not.toContain(t.base.accessToken);
    expect(job.secrets).toEqual(["HF_TOKEN"]);
  });

  it("a revoked token maps to unauthenticated with a sign-in message", async () => {
    signIn(fakeHubToken());
    const r = await cancelJobAction({ namespace: ns, jobId: "0123456789abcdef01234567" });
    expect(r).toMatchObject({ ok: false, error: { code: "unauthenticated", message: expect.stringMatching(/Sign in again/) } });
  });
});
