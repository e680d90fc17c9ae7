import {
  cancelJob, createRepo, duplicateJob, getJob, listFiles, listJobHardware, listJobs, runJob, streamJobEvents,
  streamJobLogs, streamJobMetrics,
} from "@huggingface/hub";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, processesWith, readSseText, sseData, startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { bucketFolderOnDisk } from "../store/buckets";

const marker = () => `marker-${randomBytes(6).toString("hex")}`;
const py = (code: string, ...extra: string[]) => ({ dockerImage: "python:3.12", flavor: "cpu-basic" as const, command: ["python3", "-c", code, ...extra] });

async function collectLogs(base: JobsHub["base"], jobId: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of streamJobLogs({ ...base, jobId })) lines.push(l.message);
  return lines;
}

describe("local Hub jobs", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
    await createRepo({ repo: "buckets/local-user/artifacts", private: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
  });
  afterAll(() => t.hub.close());

  it("runs a python job that prints and writes /data/out.txt into a bucket folder", async () => {
    const job = await runJob({
      ...t.base, ...py("print('hello from the job'); open('/data/out.txt', 'w').write('result 42')"),
      volumes: [{ source: "buckets/local-user/artifacts", mountPath: "/data", path: "run-1", readOnly: false }],
    });
    expect(job).toMatchObject({ type: "job", status: { stage: "SCHEDULING" }, secrets: [], timeoutSeconds: 1800, attempts: 1 });
    expect(job.id).toMatch(/^[0-9a-f]{24}$/);
    const lines = await collectLogs(t.base, job.id);
    expect(lines[0]).toMatch(/^===== Job started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d =====$/);
    expect(lines[1]).toMatch(/image "python:3.12" is not pulled.*this machine's toolchain/);
    expect(lines).toContain("hello from the job");
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(done.status).toMatchObject({ stage: "COMPLETED", message: null });
    expect(done).toMatchObject({
      owner: { name: "local-user", type: "user" }, initiator: { type: "user", name: "local-user" },
      volumes: [{ type: "bucket", source: "local-user/artifacts", mountPath: "/data", path: "run-1", readOnly: false }],
    });
    expect(done.startedAt).toBeTruthy();
    expect(done.finishedAt).toBeTruthy();
    const paths: string[] = [];
    for await (const f of listFiles({ repo: "buckets/local-user/artifacts", recursive: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl })) {
      paths.push(f.path);
    }
    expect(paths).toContain("run-1/out.txt");
    expect(readFileSync(join(bucketFolderOnDisk(t.hub.hub.ctx, "local-user/artifacts", "run-1"), "out.txt"), "utf8")).toBe("result 42");
  });

  it("appends arguments to the command and mounts readOnly volumes read-only", async () => {
    const job = await runJob({
      ...t.base, ...py("import sys\nprint('argv', sys.argv[1:])\ntry:\n  open('/in/x.txt', 'w')\nexcept OSError as e:\n  print('read-only', e.errno)"),
      arguments: ["--lr", "1e-4"],
      volumes: [{ source: "buckets/local-user/artifacts", mountPath: "/in", path: "run-1", readOnly: true }],
    });
    const lines = await collectLogs(t.base, job.id);
    expect((await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(lines).toContain("argv ['--lr', '1e-4']");
    expect(lines).toContain("read-only 30");
  });

  it("captures stdout and stderr line by line, UTF-8 split across writes and a last line without newline", async () => {
    const code = "import sys\nb='héllo wörld ✓\\n'.encode()\nfor i in range(len(b)):\n  sys.stdout.buffer.write(b[i:i+1]); sys.stdout.flush()\nprint('to stderr', file=sys.stderr)\nsys.stdout.write('no newline at end')";
    const job = await runJob({ ...t.base, ...py(code) });
    const lines = await collectLogs(t.base, job.id);
    expect(lines).toEqual(expect.arrayContaining(["héllo wörld ✓", "to stderr", "no newline at end"]));
  });

  it("fails with the exit code", async () => {
    const job = await runJob({ ...t.base, ...py("import sys; print('bye'); sys.exit(3)") });
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(done.status).toMatchObject({ stage: "ERROR", message: "Job failed with exit code: 3" });
  });

  it("kills a job past timeoutSeconds and reports a timeout", async () => {
    const m = marker();
    const job = await runJob({ ...t.base, ...py("import time; print('sleeping', flush=True); time.sleep(60)", m), timeoutSeconds: 2 });
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR", "CANCELED"]);
    expect(done.status.stage).toBe("ERROR");
    expect(done.status.message).toMatch(/timed out after 2 seconds/);
    expect(processesWith(m)).toEqual([]);
  });

  it("cancels a running job: CANCELED within 2 s and no process left", async () => {
    const m = marker();
    // a shell with a background child: the whole process group must go
    const job = await runJob({ ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["sh", "-c", `python3 -c 'import time; time.sleep(120)' ${m} & python3 -c 'import time; time.sleep(120)' ${m}; wait`] });
    await waitForStage(t.base, job.id, ["RUNNING"]);
    const deadline = Date.now() + 10_000;
    while (processesWith(m).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(m).length).toBeGreaterThanOrEqual(2);
    const pids = processesWith(m);
    const canceled = await cancelJob({ ...t.base, jobId: job.id });
    expect(canceled.status.stage).toBe("CANCELED");
    await waitForStage(t.base, job.id, ["CANCELED"], 2000);
    expect(processesWith(m)).toEqual([]);
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it("cancels a queued job at once", async () => {
    const q = await startJobsHub({ maxConcurrentJobs: 1 });
    try {
      const m = marker();
      const first = await runJob({ ...q.base, ...py("import time; time.sleep(60)", m) });
      const second = await runJob({ ...q.base, ...py("print('second')") });
      await waitForStage(q.base, first.id, ["RUNNING"]);
      expect((await getJob({ ...q.base, jobId: second.id })).status.stage).toBe("SCHEDULING");
      expect((await cancelJob({ ...q.base, jobId: second.id })).status.stage).toBe("CANCELED");
      await cancelJob({ ...q.base, jobId: first.id });
      expect(processesWith(m)).toEqual([]);
    } finally {
      await q.hub.close();
    }
  });

  it("replays logs after the end, honours tail and sends keep-alives while following", async () => {
    const job = await runJob({ ...t.base, ...py("import time\nfor i in range(5): print(f'line {i}')\ntime.sleep(0.8)\nprint('last')") });
    const live = await t.api(`/api/jobs/local-user/${job.id}/logs`, { headers: { Accept: "text/event-stream" } });
    expect(live.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const followed = await readSseText(live);
    expect(followed.ended).toBe(true);
    expect(followed.text).toContain(": keep-alive");
    const liveLines = sseData<{ data: string; timestamp: string }>(followed.text).map((d) => d.data);
    expect(liveLines.slice(-6)).toEqual(["line 0", "line 1", "line 2", "line 3", "line 4", "last"]);
    await waitForStage(t.base, job.id, ["COMPLETED"]);

    expect(await collectLogs(t.base, job.id)).toEqual(liveLines);
    const tail = await readSseText(await t.api(`/api/jobs/local-user/${job.id}/logs?tail=2`));
    expect(tail.ended).toBe(true);
    const tailData = sseData<{ data: string; timestamp: string }>(tail.text);
    expect(tailData.map((d) => d.data)).toEqual(["line 4", "last"]);
    expect(Date.parse(tailData[0].timestamp)).not.toBeNaN();
    expect((await t.api(`/api/jobs/local-user/${job.id}/logs?tail=-1`)).status).toBe(400);
  });

  it("passes secrets, environment and the built-in variables, and returns only secret names", async () => {
    const job = await runJob({
      ...t.base, ...py("import os\nfor k in ['MY_SECRET', 'PLAIN', 'JOB_ID', 'ACCELERATOR', 'CPU_CORES', 'MEMORY']: print(k, '=', os.environ.get(k))"),
      flavor: "cpu-upgrade", secrets: { MY_SECRET: "s3cr3t-value" }, environment: { PLAIN: "visible" },
    });
    expect(job.secrets).toEqual(["MY_SECRET"]);
    const lines = await collectLogs(t.base, job.id);
    expect(lines).toEqual(expect.arrayContaining([
      "MY_SECRET = s3cr3t-value", "PLAIN = visible", `JOB_ID = ${job.id}`, "ACCELERATOR = ", "CPU_CORES = 8", "MEMORY = 32Gi",
    ]));
    const raw = await (await t.api(`/api/jobs/local-user/${job.id}`)).text();
    expect(raw).not.toContain("s3cr3t-value");
    expect(JSON.parse(raw)).toMatchObject({ secrets: ["MY_SECRET"], environment: { PLAIN: "visible" } });
    const listed = await (await t.api(`/api/jobs/local-user`)).text();
    expect(listed).not.toContain("s3cr3t-value");
  });

  it("lists jobs newest first with stage and label filters over pages", async () => {
    const batch = randomBytes(4).toString("hex");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await runJob({ ...t.base, ...py(i === 2 ? "raise SystemExit(1)" : "pass"), labels: { batch, n: String(i) } })).id);
    }
    for (const id of ids) await waitForStage(t.base, id, ["COMPLETED", "ERROR"]);
    const seen: string[] = [];
    let url: string | null = `/api/jobs/local-user?stage=COMPLETED&label=${encodeURIComponent(`batch=${batch}`)}&limit=2`;
    let pages = 0;
    while (url) {
      const res: Response = await t.api(url.replace(t.base.hubUrl, ""));
      expect(res.status).toBe(200);
      const page = (await res.json()) as { id: string; status: { stage: string }; labels: Record<string, string> }[];
      pages += 1;
      for (const j of page) {
        expect(j.status.stage).toBe("COMPLETED");
        expect(j.labels.batch).toBe(batch);
        seen.push(j.id);
      }
      const link = res.headers.get("link");
      url = link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
      if (url) expect(url.startsWith(t.base.hubUrl)).toBe(true);
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([ids[4], ids[3], ids[1], ids[0]]);

    const failed = await (await t.api(`/api/jobs/local-user?stage=ERROR&label=batch%3D${batch}`)).json();
    expect(failed.map((j: { id: string }) => j.id)).toEqual([ids[2]]);
    const two = await (await t.api(`/api/jobs/local-user?label=batch%3D${batch}&label=n%3D3`)).json();
    expect(two.map((j: { id: string }) => j.id)).toEqual([ids[3]]);
    const both = await (await t.api(`/api/jobs/local-user?stage=ERROR&stage=completed&label=batch%3D${batch}`)).json();
    expect(both).toHaveLength(5);
    expect((await t.api(`/api/jobs/local-user?stage=UPDATING`)).status).toBe(400);

    const all = await listJobs(t.base);
    expect(all.slice(0, 5).map((j) => j.id)).toEqual([...ids].reverse());
  });

  it("duplicates a job and replaces its labels", async () => {
    const job = await runJob({ ...t.base, ...py("print('dup me')"), labels: { name: "original" }, secrets: { K: "v" } });
    await waitForStage(t.base, job.id, ["COMPLETED"]);
    const dup = await duplicateJob({ ...t.base, jobId: job.id });
    expect(dup.id).not.toBe(job.id);
    expect(dup).toMatchObject({ command: job.command, labels: { name: "original" }, secrets: ["K"], initiator: { type: "duplicated-job", id: job.id } });
    expect((await waitForStage(t.base, dup.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(await collectLogs(t.base, dup.id)).toContain("dup me");

    const res = await t.api(`/api/jobs/local-user/${job.id}/labels`, { method: "PUT", body: JSON.stringify({ labels: { team: "ml", env: "prod" } }) });
    expect(res.status).toBe(200);
    expect((await res.json()).labels).toEqual({ team: "ml", env: "prod" });
    expect((await getJob({ ...t.base, jobId: job.id })).labels).toEqual({ team: "ml", env: "prod" });
    const badLabels = await t.api(`/api/jobs/local-user/${job.id}/labels`, { method: "PUT", body: JSON.stringify({ labels: { "bad key": "x" } }) });
    expect(badLabels.status).toBe(400);
  });

  it("lists the hardware flavors with the Hub's fields and prices", async () => {
    const hw = await listJobHardware({ hubUrl: t.base.hubUrl });
    expect(hw).toHaveLength(26);
    expect(hw.find((h) => h.name === "cpu-basic")).toEqual({
      name: "cpu-basic", prettyName: "CPU Basic", cpu: "2 vCPU", ram: "16 GB", ephemeralStorage: "50 GB", accelerator: null,
      unitCostMicroUSD: 167, unitCostUSD: 0.000167, unitLabel: "minute",
    });
    expect(hw.find((h) => h.name === "a10g-small")).toMatchObject({
      accelerator: { type: "gpu", model: "A10G", quantity: "1", vram: "24 GB", manufacturer: "Nvidia" },
      unitCostMicroUSD: 16667, unitCostUSD: 0.016667,
    });
    expect(hw.map((h) => h.name)).toEqual(expect.arrayContaining(["h200x8", "rtx-pro-6000x8", "l40sx8", "cpu-xl"]));
  });

  it("streams stage events and metrics with the Hub's field names; metrics answer 500 once finished", async () => {
    const job = await runJob({ ...t.base, ...py("import time\nt=time.time()\nx=[0]*2000000\nwhile time.time()-t < 3: pass") });
    await waitForStage(t.base, job.id, ["RUNNING"]);
    const metrics: Record<string, unknown>[] = [];
    for await (const raw of streamJobMetrics({ ...t.base, jobId: job.id })) metrics.push(JSON.parse(raw) as Record<string, unknown>);
    expect(metrics.length).toBeGreaterThanOrEqual(1);
    const last = metrics[metrics.length - 1];
    expect(Object.keys(last).sort()).toEqual(["cpu_millicores", "cpu_usage_pct", "gpus", "memory_total_bytes", "memory_used_bytes", "replica", "rx_bps", "tx_bps"]);
    expect(metrics.some((x) => (x.memory_used_bytes as number) > 10_000_000)).toBe(true);
    expect(metrics.some((x) => (x.cpu_usage_pct as number) > 0)).toBe(true);
    expect(last.gpus).toEqual({});

    const events: { stage: string }[] = [];
    for await (const raw of streamJobEvents({ ...t.base, jobId: job.id })) events.push(JSON.parse(raw) as { stage: string });
    expect(events.map((e) => e.stage)).toEqual(["SCHEDULING", "RUNNING", "COMPLETED"]);
    const finished = await t.api(`/api/jobs/local-user/${job.id}/metrics`);
    expect(finished.status).toBe(500);
  });

  it("runs `uv run` through python3 when uv is missing and names every option not honoured", async () => {
    const dir = bucketFolderOnDisk(t.hub.hub.ctx, "local-user/artifacts", "uv-run");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "train.py"), "# /// script\n# requires-python = \">=3.8\"\n# [tool.uv]\n# exclude-newer = \"2025-01-01T00:00:00Z\"\n# ///\nimport sys\nprint('args', sys.argv[1:])\n");
    const job = await runJob({
      ...t.base, dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm", flavor: "cpu-basic",
      command: ["uv", "run", "--frozen", "--index-url", "https://example.com/simple", "/data/train.py", "--lr", "1e-4"],
      volumes: [{ source: "buckets/local-user/artifacts", mountPath: "/data", path: "uv-run" }],
    });
    const lines = await collectLogs(t.base, job.id);
    expect((await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(lines).toContain("args ['--lr', '1e-4']");
    expect(lines.some((l) => l.includes('"--frozen" not honoured'))).toBe(true);
    expect(lines.some((l) => l.includes('"--index-url https://example.com/simple" not honoured'))).toBe(true);
    expect(lines.some((l) => l.includes("[tool.uv] settings not honoured (no uv on this machine): exclude-newer"))).toBe(true);
  });

  it("refuses a volume of a dataset that does not exist, naming the field (repo volumes: repos.test.ts)", async () => {
    await expect(runJob({ ...t.base, ...py("print(1)"), volumes: [{ source: "datasets/org/ds", mountPath: "/in" }] }))
      .rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/volumes\[0\]\.source: dataset "org\/ds" does not exist/) });
  });

  it("scopes jobs to the caller's namespaces", async () => {
    const orgJob = await runJob({ ...t.base, namespace: "local-org", ...py("print('org')") });
    expect(orgJob.owner).toMatchObject({ name: "local-org", type: "org" });
    expect(orgJob.initiator).toMatchObject({ type: "user", name: "local-user" });
    expect((await listJobs({ ...t.base, namespace: "local-org" })).map((j) => j.id)).toContain(orgJob.id);

    const other = await (await t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: "mallory" }), headers: { "Content-Type": "application/json" } })).json() as { token: string };
    await expect(runJob({ ...t.base, accessToken: other.token, ...py("print(1)") })).rejects.toMatchObject({ statusCode: 403 });
    await expect(getJob({ ...t.base, accessToken: other.token, jobId: orgJob.id })).rejects.toMatchObject({ statusCode: 404 });
    await expect(getJob({ ...t.base, accessToken: other.token, namespace: "mallory", jobId: orgJob.id })).rejects.toMatchObject({ statusCode: 404 });
    await expect(listJobs({ ...t.base, accessToken: other.token })).rejects.toMatchObject({ statusCode: 403 });
    await expect(cancelJob({ ...t.base, accessToken: other.token, jobId: orgJob.id })).rejects.toMatchObject({ statusCode: 403 });
    const read = await (await t.api("/__test/tokens", { method: "POST", body: JSON.stringify({ role: "read" }), headers: { "Content-Type": "application/json" } })).json() as { token: string };
    await expect(runJob({ ...t.base, accessToken: read.token, ...py("print(1)") })).rejects.toMatchObject({ statusCode: 403 });
    expect((await getJob({ ...t.base, accessToken: read.token, jobId: orgJob.id, namespace: "local-org" })).id).toBe(orgJob.id);
    expect((await fetch(`${t.base.hubUrl}/api/jobs/local-user`)).status).toBe(401);
  });
});

describe("local Hub jobs without bubblewrap", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub({ bwrapPath: "/nonexistent/bwrap" });
    await createRepo({ repo: "buckets/local-user/b", accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
  });
  afterAll(() => t.hub.close());

  it("fails a job with volumes, saying bubblewrap is needed", async () => {
    const job = await runJob({ ...t.base, ...py("print(1)"), volumes: [{ source: "buckets/local-user/b", mountPath: "/data" }] });
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(done.status.stage).toBe("ERROR");
    expect(done.status.message).toMatch(/need bubblewrap/);
  });

  it("runs a job without volumes as a plain child process", async () => {
    const job = await runJob({ ...t.base, ...py("import os; print('cwd', os.getcwd())") });
    const lines = await collectLogs(t.base, job.id);
    expect((await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    expect(lines.some((l) => l.includes("running as a plain process"))).toBe(true);
    expect(lines).toContain(`cwd ${join(t.dir, "jobs", job.id, "work")}`);
  });
});

describe("local Hub restart", () => {
  it("marks a job that was running as ERROR, kills it, and keeps its logs readable", async () => {
    const first = await startJobsHub({ maxConcurrentJobs: 1 });
    const m = marker();
    const job = await runJob({ ...first.base, ...py("import time; print('before restart', flush=True); time.sleep(120)", m) });
    await waitForStage(first.base, job.id, ["RUNNING"]);
    const queued = await runJob({ ...first.base, ...py("print('never')") });
    expect((await getJob({ ...first.base, jobId: queued.id })).status.stage).toBe("SCHEDULING");
    const deadline = Date.now() + 10_000;
    while (!readFileSync(join(first.dir, "jobs", job.id, "log.ndjson"), "utf8").includes("before restart") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.hub.close();
    expect(processesWith(m)).toEqual([]);
    const closedAt = Date.now();
    // Downtime is not the job's running time: a slow restart must not add to its duration or cost.
    await new Promise((r) => setTimeout(r, 1500));

    const second = await startJobsHub({ dir: first.dir });
    try {
      const after = await getJob({ ...second.base, jobId: job.id });
      expect(after.status).toMatchObject({ stage: "ERROR", message: "The local Hub restarted while this job was running" });
      expect(Date.parse(after.finishedAt ?? "")).toBeLessThanOrEqual(closedAt);
      expect(await collectLogs(second.base, job.id)).toContain("before restart");
      expect((await getJob({ ...second.base, jobId: queued.id })).status).toMatchObject({
        stage: "ERROR", message: "The local Hub restarted before this job could start",
      });
      const events: { stage: string }[] = [];
      for await (const raw of streamJobEvents({ ...second.base, jobId: job.id })) events.push(JSON.parse(raw) as { stage: string });
      expect(events.map((e) => e.stage)).toEqual(["SCHEDULING", "RUNNING", "ERROR"]);
    } finally {
      await second.hub.close();
    }
  });
});

describe("local Hub jobs reset and close", () => {
  it("/__test/reset kills running jobs and wipes jobs; close ends open streams and leaves no process", async () => {
    const t = await startJobsHub();
    const m = marker();
    const job = await runJob({ ...t.base, ...py("import time; time.sleep(60)", m) });
    await waitForStage(t.base, job.id, ["RUNNING"]);
    expect((await t.api("/__test/reset", { method: "POST" })).status).toBe(200);
    expect(processesWith(m)).toEqual([]);
    await expect(getJob({ ...t.base, jobId: job.id })).rejects.toMatchObject({ statusCode: 404 });
    expect(await listJobs(t.base)).toEqual([]);

    const m2 = marker();
    const running = await runJob({ ...t.base, ...py("import time; time.sleep(60)", m2) });
    await waitForStage(t.base, running.id, ["RUNNING"]);
    const logs = t.api(`/api/jobs/local-user/${running.id}/logs`).then((r) => readSseText(r));
    const metrics = t.api(`/api/jobs/local-user/${running.id}/metrics`).then((r) => readSseText(r));
    await new Promise((r) => setTimeout(r, 300));
    await t.hub.close();
    expect((await logs).ended).toBe(true);
    expect((await metrics).ended).toBe(true);
    expect(processesWith(m2)).toEqual([]);
  });
});
