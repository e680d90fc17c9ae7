import { createRepo, getJob, getScheduledJob, listFiles, listJobs } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { useJobsHubSuite } from "@/test-support/jobs-hub-suite";
import { forgetBucketState } from "@/lib/hub/ensure-bucket";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";
import { scheduleJob } from "./schedule-job";
import type { LaunchInput } from "./schema";

const SCRIPT = `# /// script
# requires-python = ">=3.8"
# dependencies = []
# ///
import os, sys
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
config = open(args["--config"]).read()
names = sorted(os.listdir(args["--data"]))
os.makedirs("/data/out", exist_ok=True)
with open("/data/out/result.txt", "w") as f:
    f.write(config.strip() + "|" + ",".join(names) + "|" + open(os.path.join(args["--data"], "a.txt")).read())
print("RAN", config.strip(), names, flush=True)
`;

const blob = (text: string) => new Blob([text]);
function submission(namespace: string, over: Partial<LaunchInput> = {}): { input: LaunchInput; files: LaunchFile[] } {
  const files: LaunchFile[] = [
    { path: "train.py", content: blob(SCRIPT) },
    { path: "config.yaml", content: blob("lr: 0.1\n") },
    { path: "data/a.txt", content: blob("alpha") },
    { path: "data/b.txt", content: blob("beta") },
  ];
  return {
    files,
    input: {
      namespace,
      files: files.map((f) => ({ path: f.path, size: f.content.size })),
      script: "train.py",
      args: ["--config", "config.yaml", "--data", "data"],
      ...over,
    },
  };
}

async function bucketPaths(t: JobsHub, namespace: string, token = t.base.accessToken): Promise<string[]> {
  const out: string[] = [];
  for await (const f of listFiles({ repo: { type: "bucket", name: `${namespace}/jobs-artifacts` }, recursive: true, accessToken: token, hubUrl: t.base.hubUrl })) {
    out.push(f.path);
  }
  return out.sort();
}

describe("launchJob / scheduleJob against a local Hub", () => {
  const hub = useJobsHubSuite();

  it("launches a PEP 723 script + YAML config + a folder of two files → COMPLETED, outputs next to the inputs", async () => {
    const { input, files } = submission(hub.ns, { timeout: "5m", env: { MODE: "test" }, secrets: { API_KEY: "s3cret-value" } });
    const r = await launchJob({ ...hub.creds, input, files });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const { folder, jobId } = r.data;
    expect(folder).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(r.data.folderUrl).toBe(`${hub.t.base.hubUrl}/buckets/${hub.ns}/jobs-artifacts/tree/${folder}`);
    expect(r.data.jobUrl).toBe(`${hub.t.base.hubUrl}/jobs/${hub.ns}/${jobId}`);
    expect(r.data.command).toEqual(["uv", "run", "/data/train.py", "--config", "/data/config.yaml", "--data", "/data/data"]);
    expect(r.data.files.map((f) => f.remotePath)).toEqual(["train.py", "config.yaml", "data/a.txt", "data/b.txt"].map((p) => `${folder}/${p}`));
    expect(JSON.stringify(r)).not.toContain("s3cret-value");
    if (!jobId) throw new Error("no job id");
    const job = await getJob({ ...hub.t.base, jobId });
    expect(job.timeoutSeconds).toBe(300);
    expect(job.environment).toEqual({ MODE: "test" });
    expect(job.volumes).toEqual([{ type: "bucket", source: `${hub.ns}/jobs-artifacts`, mountPath: "/data", path: folder, readOnly: false }]);
    const done = await waitForStage(hub.t.base, jobId, ["COMPLETED", "ERROR", "CANCELED"], 60_000);
    expect(done.status.stage).toBe("COMPLETED");
    const paths = (await bucketPaths(hub.t, hub.ns)).filter((p) => p.startsWith(`${folder}/`));
    expect(paths).toEqual(["config.yaml", "data/a.txt", "data/b.txt", "out/result.txt", "train.py"].map((p) => `${folder}/${p}`));
    const res = await fetch(`${hub.t.base.hubUrl}/buckets/${hub.ns}/jobs-artifacts/resolve/${folder}/out/result.txt`, { headers: { Authorization: `Bearer ${hub.t.base.accessToken}` } });
    expect(await res.text()).toBe("lr: 0.1|a.txt,b.txt|alpha");
  });

  it("refuses bad input before any Hub request", async () => {
    await hub.t.api("/__test/requests", { method: "DELETE" });
    const { input, files } = submission(hub.ns, { timeout: "0" });
    const r = await launchJob({ ...hub.creds, input, files });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { timeout: [expect.stringMatching(/greater than 0/)] } } });
    const dup = submission(hub.ns);
    const r2 = await launchJob({ ...hub.creds, input: { ...dup.input, files: [...dup.input.files, dup.input.files[1] as { path: string; size: number }] }, files: dup.files });
    expect(r2.ok).toBe(false);
    const bad = await launchJob({ ...hub.creds, ...submission(hub.ns), files: submission(hub.ns).files.slice(1) });
    expect(bad).toMatchObject({ ok: false, error: { fieldErrors: { "files.0.path": [expect.stringMatching(/not sent/)] } } });
    // A listed path that cannot be a file in the folder is named as such, not as "more files sent".
    const outside = submission(hub.ns);
    const r3 = await launchJob({ ...hub.creds, input: { ...outside.input, files: [...outside.input.files, { path: "../x", size: 1 }] }, files: outside.files });
    expect(r3).toMatchObject({ ok: false, error: { fieldErrors: { [`files.${outside.input.files.length}.path`]: [expect.stringMatching(/\.\./)] } } });
    expect(JSON.stringify(r3)).not.toMatch(/More files were sent/);
    const requests = (await (await hub.t.api("/__test/requests")).json()) as unknown[];
    expect(requests).toEqual([]);
  });

  it("a malformed PEP 723 header blocks the launch with its line number (B14)", async () => {
    const s = submission(hub.ns);
    const broken = '# /// script\n# dependencies = ["rich"]\n\n# ///\nprint(1)\n';
    const files = [{ path: "train.py", content: blob(broken) }, ...s.files.slice(1)];
    const r = await launchJob({ ...hub.creds, input: { ...s.input, files: files.map((f) => ({ path: f.path, size: f.content.size })) }, files });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { script: [expect.stringMatching(/line 1/)] } } });
  });

  it("schedules: the scheduled job read back matches (schedule, command, timeout, volume)", async () => {
    const { input, files } = submission(hub.ns, { timeout: "24h", schedule: { cron: "0 9 * * 1", suspend: true, concurrency: false } });
    const r = await scheduleJob({ ...hub.creds, input, files });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.data.scheduledJobId).toBeDefined();
    expect(r.data.warnings.some((w) => /same \/data folder/.test(w))).toBe(true);
    const sj = await getScheduledJob({ ...hub.t.base, jobId: r.data.scheduledJobId as string });
    expect(sj).toMatchObject({ schedule: "0 9 * * 1", suspend: true, concurrency: false });
    expect(sj.jobSpec.timeoutSeconds).toBe(86_400);
    expect(sj.jobSpec.command).toEqual(r.data.command);
    expect(sj.jobSpec.volumes).toEqual([{ type: "bucket", source: `${hub.ns}/jobs-artifacts`, mountPath: "/data", path: r.data.folder, readOnly: false }]);
    expect(await bucketPaths(hub.t, hub.ns)).toContain(`${r.data.folder}/data/b.txt`);
  });

  it("refuses a public jobs-artifacts bucket unless the caller accepts it (B25)", async () => {
    const other = (await (await hub.t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: "public-pat" }) })).json()) as { name: string; token: string };
    await createRepo({ repo: { type: "bucket", name: `${other.name}/jobs-artifacts` }, visibility: "public", accessToken: other.token, hubUrl: hub.t.base.hubUrl });
    const c = { hubUrl: hub.t.base.hubUrl, accessToken: other.token };
    const before = await listJobs({ ...c, namespace: other.name });
    const r = await launchJob({ ...c, ...submission(other.name) });
    expect(r).toMatchObject({ ok: false, error: { code: "conflict", fieldErrors: { acceptPublicBucket: [expect.any(String)] } } });
    if (r.ok) return;
    expect(r.error.message).toMatch(/is public/);
    expect(await bucketPaths(hub.t, other.name, other.token)).toEqual([]);
    expect(await listJobs({ ...c, namespace: other.name })).toHaveLength(before.length);
    const accepted = await launchJob({ ...c, ...submission(other.name, { acceptPublicBucket: true }) });
    expect(accepted.ok).toBe(true);
  });

  it("a failing batch commit (500) launches nothing; the retry fills the same folder and launches", async () => {
    const before = await listJobs({ ...hub.t.base });
    await hub.t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: "/api/buckets/*/*/batch", count: 1, kind: "500" }) });
    const first = await launchJob({ ...hub.creds, ...submission(hub.ns) });
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.code).toBe("hub_error");
    expect(first.error.folder).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(await listJobs({ ...hub.t.base })).toHaveLength(before.length);
    const s = submission(hub.ns, { reuseFolder: first.error.folder });
    const retry = await launchJob({ ...hub.creds, ...s });
    if (!retry.ok) throw new Error(JSON.stringify(retry.error));
    expect(retry.data.folder).toBe(first.error.folder);
    expect(await listJobs({ ...hub.t.base })).toHaveLength(before.length + 1);
  });

  it("a failing job creation (500) leaves no job; the retry reuses the folder without uploading again", async () => {
    const before = await listJobs({ ...hub.t.base });
    await hub.t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "POST", path: "/api/jobs/*", count: 1, kind: "500" }) });
    const first = await launchJob({ ...hub.creds, ...submission(hub.ns) });
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.message).toMatch(/files are uploaded/);
    const folder = first.error.folder as string;
    expect(folder).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    expect(await listJobs({ ...hub.t.base })).toHaveLength(before.length);
    expect((await bucketPaths(hub.t, hub.ns)).filter((p) => p.startsWith(`${folder}/`))).toHaveLength(4); // no job ran yet

    await hub.t.api("/__test/requests", { method: "DELETE" });
    const retry = await launchJob({ ...hub.creds, ...submission(hub.ns, { reuseFolder: folder }) });
    if (!retry.ok) throw new Error(JSON.stringify(retry.error));
    expect(retry.data.folder).toBe(folder);
    const requests = (await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[];
    expect(requests.filter((q) => /\/batch$|\/xorbs\/|\/shards/.test(q.path))).toEqual([]);
    expect(requests.map((q) => `${q.method} ${q.path}`)).toContain(`POST /api/jobs/${hub.ns}`);
    expect(await listJobs({ ...hub.t.base })).toHaveLength(before.length + 1);
  });

  it("a retry with an incomplete folder uploads only the missing files", async () => {
    const s = submission(hub.ns);
    const folder = "20260101T000000-abcdef";
    const partial = await launchJob({ ...hub.creds, input: { ...s.input, files: s.input.files.slice(0, 1), args: [], reuseFolder: folder }, files: s.files.slice(0, 1) });
    expect(partial.ok).toBe(true);
    await hub.t.api("/__test/requests", { method: "DELETE" });
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns, { reuseFolder: folder }) });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const requests = (await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[];
    expect(requests.filter((q) => q.path.endsWith("/batch"))).toHaveLength(1);
    // The launched job may already have written out/result.txt next to the inputs: check the inputs only.
    expect(await bucketPaths(hub.t, hub.ns)).toEqual(expect.arrayContaining(["train.py", "config.yaml", "data/a.txt", "data/b.txt"].map((p) => `${folder}/${p}`)));
  });

  it("a retry re-sends a file whose content changed even at the same size", async () => {
    const s = submission(hub.ns);
    const folder = "20260101T000001-abcdef";
    const first = await launchJob({ ...hub.creds, ...submission(hub.ns, { reuseFolder: folder }) });
    expect(first.ok).toBe(true);
    await hub.t.api("/__test/requests", { method: "DELETE" });
    const files = s.files.map((f) => (f.path === "data/a.txt" ? { path: f.path, content: blob("ALPHA") } : f));
    const r = await launchJob({ ...hub.creds, input: { ...s.input, reuseFolder: folder }, files });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const requests = (await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[];
    expect(requests.filter((q) => q.path.endsWith("/batch"))).toHaveLength(1);
    const res = await fetch(`${hub.t.base.hubUrl}/buckets/${hub.ns}/jobs-artifacts/resolve/${folder}/data/a.txt`, { headers: { Authorization: `Bearer ${hub.t.base.accessToken}` } });
    expect(await res.text()).toBe("ALPHA");
  });

  it("keeps bucket state cached: a warm launch does not re-check the bucket", async () => {
    forgetBucketState();
    await launchJob({ ...hub.creds, ...submission(hub.ns) });
    await hub.t.api("/__test/requests", { method: "DELETE" });
    const r = await launchJob({ ...hub.creds, ...submission(hub.ns) });
    expect(r.ok).toBe(true);
    const requests = (await (await hub.t.api("/__test/requests")).json()) as { method: string; path: string }[];
    const paths = requests.map((q) => `${q.method} ${q.path}`);
    expect(paths.filter((p) => /^(POST|GET) \/api\/buckets\/[^/]+\/jobs-artifacts$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.includes("/api/jobs/hardware"))).toEqual([]);
    expect(paths.filter((p) => p.includes("/v1/chunks/"))).toEqual([]);
  });
});
