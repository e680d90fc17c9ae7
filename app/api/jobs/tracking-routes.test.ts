import { createRepo, createScheduledJob, runJob, runScheduledJob, uploadFiles } from "@huggingface/hub";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setHubSessionForTests } from "@/lib/auth/session";
import { parseSse } from "@/lib/hub/sse";
import type { FolderPage, JobListPage, ScheduledJobDetail } from "@/lib/jobs/api-answers";
import type { JobView, ScheduledJobView } from "@/lib/jobs/view";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { GET as listJobsRoute } from "./[namespace]/route";
import { GET as jobRoute } from "./[namespace]/[id]/route";
import { GET as logsRoute } from "./[namespace]/[id]/logs/route";
import { GET as treeRoute } from "../buckets/[namespace]/tree/route";
import { GET as fileRoute } from "../buckets/[namespace]/file/route";
import { GET as scheduledListRoute } from "../scheduled-jobs/[namespace]/route";
import { GET as scheduledRoute } from "../scheduled-jobs/[namespace]/[id]/route";
import { GET as hardwareRoute } from "../hardware/route";

/**
 * The tracking pages' GET routes, called as Next calls them, against a real local Hub: lists with
 * filters and sealed cursors, a fresh job GET, the logs SSE with `id:` per line and `?after=` resume,
 * one level of the artifacts folder with inputs and outputs, file preview/download with path checks,
 * and scheduled jobs with the runs they triggered.
 */

const req = (url: string, headers?: Record<string, string>) => new NextRequest(new URL(url, "http://app.test"), { headers });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

/** File names JS's client would paste unencoded into a URL (specs/hub-buckets-xet.md §1 "Paths in URLs"). */
const ODD_NAMES = ["hash#1.txt", "q?x.txt", "100% sure.txt"];
/** A folder (outside the job's) whose own name needs encoding too, so listing it is tested. */
const ODD_DIR = "odd #?% names";

describe("tracking routes against a local Hub", () => {
  let t: JobsHub;
  let ns: string;
  let folder: string;
  let jobId: string;
  let createdAt: string;

  beforeAll(async () => {
    t = await startJobsHub();
    ns = t.base.namespace;
    const creds = { hubUrl: t.base.hubUrl, accessToken: t.base.accessToken };
    await createRepo({ repo: { type: "bucket", name: `${ns}/jobs-artifacts` }, private: true, ...creds });
    folder = "20261129T120000-abcdef";
    await uploadFiles({ repo: { type: "bucket", name: `${ns}/jobs-artifacts` }, ...creds, files: [
      { path: `${folder}/input.txt`, content: new Blob(["in\n"]) },
      ...ODD_NAMES.map((name, i) => ({ path: `${ODD_DIR}/${name}`, content: new Blob([`odd ${i}\n`]) })),
    ] });
    const job = await runJob({
      ...t.base,
      dockerImage: "python:3.12",
      flavor: "cpu-basic",
      command: ["python3", "-u", "-c", "import pathlib\nfor i in range(5): print(f'line {i}')\nprint('<b>bold</b>')\npathlib.Path('/data/out.json').write_text('{\"ok\": true}')\npathlib.Path('/data/sub').mkdir()\npathlib.Path('/data/sub/deep.txt').write_text('d')"],
      labels: { name: "routes-test", team: "ml" },
      secrets: { SECRET_NAME: "s3cr3t-value" },
      volumes: [{ source: { type: "bucket", name: `${ns}/jobs-artifacts` }, mountPath: "/data", path: folder, readOnly: false }],
    });
    jobId = job.id;
    createdAt = job.createdAt;
    await waitForStage(t.base, jobId, ["COMPLETED"]);
  });
  afterAll(() => t.hub.close());
  afterEach(() => setHubSessionForTests(undefined));
  const signIn = () => setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, user: { name: ns }, namespaces: [ns] });

  it("refuses signed-out callers (401) and other namespaces (403)", async () => {
    setHubSessionForTests(null);
    expect((await listJobsRoute(req(`/api/jobs/${ns}`), params({ namespace: ns }))).status).toBe(401);
    signIn();
    const res = await jobRoute(req(`/api/jobs/other/${jobId}`), params({ namespace: "other", id: jobId }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("lists jobs as views, filters by stage and label on the Hub, and seals the page cursor", async () => {
    signIn();
    const all = (await (await listJobsRoute(req(`/api/jobs/${ns}`), params({ namespace: ns }))).json()) as JobListPage;
    const view = all.jobs.find((j) => j.id === jobId);
    expect(view).toMatchObject({ name: "routes-test", stage: "COMPLETED", artifactsFolder: folder, secretNames: ["SECRET_NAME"], labels: { team: "ml" } });
    expect(JSON.stringify(all)).not.toContain("s3cr3t-value");
    const running = (await (await listJobsRoute(req(`/api/jobs/${ns}?stage=RUNNING`), params({ namespace: ns }))).json()) as JobListPage;
    expect(running.jobs.find((j) => j.id === jobId)).toBeUndefined();
    const byLabel = (await (await listJobsRoute(req(`/api/jobs/${ns}?label=team%3Dml`), params({ namespace: ns }))).json()) as JobListPage;
    expect(byLabel.jobs.map((j) => j.id)).toEqual([jobId]);
    expect((await listJobsRoute(req(`/api/jobs/${ns}?label=nokeyvalue`), params({ namespace: ns }))).status).toBe(400);
    // A cursor pointing our token at another host is refused.
    const evil = Buffer.from("https://evil.example/api/jobs/x?cursor=1").toString("base64url");
    const bad = await listJobsRoute(req(`/api/jobs/${ns}?cursor=${evil}`), params({ namespace: ns }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_input", fieldErrors: { cursor: ["invalid"] } } });
  });

  it("refuses an id that could change the Hub URL's path or query (400), before any Hub call", async () => {
    signIn();
    for (const id of ["../../whoami-v2", `../someone-else/${jobId}`, `${jobId}?x`, `x/../${jobId}`, "a.b", "%41"]) {
      const [job, logs, scheduled] = await Promise.all([
        jobRoute(req(`/api/jobs/${ns}/x`), params({ namespace: ns, id })),
        logsRoute(req(`/api/jobs/${ns}/x/logs`), params({ namespace: ns, id })),
        scheduledRoute(req(`/api/scheduled-jobs/${ns}/x`), params({ namespace: ns, id })),
      ]);
      for (const res of [job, logs, scheduled]) {
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: "invalid_input", fieldErrors: { id: ["not a job id"] } } });
      }
    }
  });

  it("returns a fresh job and 404 for an unknown id", async () => {
    signIn();
    const body = (await (await jobRoute(req("/x"), params({ namespace: ns, id: jobId }))).json()) as { job: JobView };
    expect(body.job).toMatchObject({ id: jobId, stage: "COMPLETED", image: "python:3.12", flavor: "cpu-basic" });
    expect(body.job.volumes).toEqual([{ type: "bucket", source: `${ns}/jobs-artifacts`, mountPath: "/data", path: folder, readOnly: false, revision: null }]);
    const missing = await jobRoute(req("/x"), params({ namespace: ns, id: "0123456789abcdef01234567" }));
    expect(missing.status).toBe(404);
  });

  async function readLogs(res: Response) {
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const lines: { id?: string; data: { i: number; m: string } }[] = [];
    let end = false;
    if (!res.body) throw new Error("no body");
    for await (const ev of parseSse(res.body)) {
      if (ev.event === "message") lines.push({ id: ev.id, data: JSON.parse(ev.data) as { i: number; m: string } });
      if (ev.event === "end") {
        end = true;
        break;
      }
    }
    return { lines, end };
  }

  it("streams the log as SSE with one id per line, and resumes after a given index without repeats", async () => {
    signIn();
    const full = await readLogs(await logsRoute(req(`/api/jobs/${ns}/${jobId}/logs`), params({ namespace: ns, id: jobId })));
    expect(full.end).toBe(true);
    const texts = full.lines.map((l) => l.data.m);
    for (let i = 0; i < 5; i++) expect(texts).toContain(`line ${i}`);
    expect(texts).toContain("<b>bold</b>");
    expect(full.lines.map((l) => l.data.i)).toEqual(full.lines.map((_, k) => k));
    expect(full.lines.every((l) => l.id === String(l.data.i))).toBe(true);

    const after = 2;
    const rest = await readLogs(await logsRoute(req(`/api/jobs/${ns}/${jobId}/logs?after=${after}`), params({ namespace: ns, id: jobId })));
    expect(rest.lines.map((l) => l.data.i)).toEqual(full.lines.slice(after + 1).map((l) => l.data.i));
    // Last-Event-ID works the same way (EventSource's own reconnect).
    const viaHeader = await readLogs(await logsRoute(req(`/api/jobs/${ns}/${jobId}/logs`, { "last-event-id": String(after) }), params({ namespace: ns, id: jobId })));
    expect(viaHeader.lines.length).toBe(rest.lines.length);
    expect((await logsRoute(req(`/api/jobs/${ns}/${jobId}/logs?after=x`), params({ namespace: ns, id: jobId }))).status).toBe(400);
    expect((await logsRoute(req("/x"), params({ namespace: ns, id: "0123456789abcdef01234567" }))).status).toBe(404);
  });

  it("lists one level of the job's folder with sizes and upload times, inputs before the job, outputs after", async () => {
    signIn();
    const page = (await (await treeRoute(req(`/api/buckets/${ns}/tree?path=${folder}`), params({ namespace: ns }))).json()) as FolderPage;
    expect(page.webUrl).toBe(`${t.base.hubUrl}/buckets/${ns}/jobs-artifacts/tree/${folder}`);
    const byName = new Map(page.entries.map((e) => [e.name, e]));
    expect([...byName.keys()].sort()).toEqual(["input.txt", "out.json", "sub"]);
    expect(byName.get("sub")).toMatchObject({ type: "directory", size: 0 });
    expect(byName.get("out.json")).toMatchObject({ type: "file", size: 12, webUrl: `${t.base.hubUrl}/buckets/${ns}/jobs-artifacts/tree/${folder}/out.json` });
    const input = byName.get("input.txt");
    const output = byName.get("out.json");
    expect(input?.uploadedAt && new Date(input.uploadedAt) < new Date(createdAt)).toBe(true);
    expect(output?.uploadedAt && new Date(output.uploadedAt) > new Date(createdAt)).toBe(true);
    // Pages: one entry at a time.
    const first = (await (await treeRoute(req(`/api/buckets/${ns}/tree?path=${folder}&limit=1`), params({ namespace: ns }))).json()) as FolderPage;
    expect(first.entries).toHaveLength(1);
    expect(first.nextOffset).toBe(1);
    const deeper = (await (await treeRoute(req(`/api/buckets/${ns}/tree?path=${folder}/sub`), params({ namespace: ns }))).json()) as FolderPage;
    expect(deeper.entries.map((e) => e.path)).toEqual([`${folder}/sub/deep.txt`]);
    expect((await treeRoute(req(`/api/buckets/${ns}/tree?path=${folder}/../x`), params({ namespace: ns }))).status).toBe(400);
  });

  it("serves a file for preview and download, as text that cannot run in our origin", async () => {
    signIn();
    const preview = await fileRoute(req(`/api/buckets/${ns}/file?path=${folder}/out.json&preview=1`), params({ namespace: ns }));
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("application/json");
    expect(preview.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await preview.text()).toBe('{"ok": true}');
    const download = await fileRoute(req(`/api/buckets/${ns}/file?path=${folder}/input.txt&download=1`), params({ namespace: ns }));
    expect(download.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''input.txt");
    expect(await download.text()).toBe("in\n");
    expect((await fileRoute(req(`/api/buckets/${ns}/file?path=${folder}/nope.txt`), params({ namespace: ns }))).status).toBe(404);
    // A file the page reads only if the job wrote it: no content, not an error.
    const optional = await fileRoute(req(`/api/buckets/${ns}/file?path=${folder}/metrics.jsonl&preview=1&optional=1`), params({ namespace: ns }));
    expect(optional.status).toBe(204);
    expect(await optional.text()).toBe("");
    expect((await fileRoute(req(`/api/buckets/${ns}/file`), params({ namespace: ns }))).status).toBe(400);
  });

  it("lists and serves files whose names hold #, ? and %, byte-exact", async () => {
    signIn();
    const enc = encodeURIComponent;
    const page = (await (await treeRoute(req(`/api/buckets/${ns}/tree?path=${enc(ODD_DIR)}`), params({ namespace: ns }))).json()) as FolderPage;
    expect(page.entries.map((e) => e.name).sort()).toEqual([...ODD_NAMES].sort());
    expect(page.entries.every((e) => e.path === `${ODD_DIR}/${e.name}` && e.size === 6)).toBe(true);
    for (const [i, name] of ODD_NAMES.entries()) {
      const download = await fileRoute(req(`/api/buckets/${ns}/file?path=${enc(`${ODD_DIR}/${name}`)}&download=1`), params({ namespace: ns }));
      expect(download.status, name).toBe(200);
      expect(download.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${enc(name)}`);
      expect(await download.text()).toBe(`odd ${i}\n`);
      const preview = await fileRoute(req(`/api/buckets/${ns}/file?path=${enc(`${ODD_DIR}/${name}`)}&preview=1`), params({ namespace: ns }));
      expect(await preview.text()).toBe(`odd ${i}\n`);
    }
  });

  it("lists scheduled jobs and the runs a schedule triggered", async () => {
    signIn();
    const scheduled = await createScheduledJob({
      ...t.base,
      schedule: "0 12 29 2 *",
      jobSpec: { dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", "print('tick')"], labels: { name: "sched" }, timeoutSeconds: 86_400 },
    });
    const run = await runScheduledJob({ ...t.base, jobId: scheduled.id });
    if (!run) throw new Error("run refused");
    await waitForStage(t.base, run.id, ["COMPLETED"]);
    const list = (await (await scheduledListRoute(req("/x"), params({ namespace: ns }))).json()) as { scheduledJobs: ScheduledJobView[] };
    // C05: the timeout the Hub stored is shown, whatever key it comes back under.
    expect(list.scheduledJobs.find((s) => s.id === scheduled.id)).toMatchObject({ name: "sched", schedule: "0 12 29 2 *", suspend: false, spec: { timeoutSeconds: 86_400 } });
    const detail = (await (await scheduledRoute(req("/x"), params({ namespace: ns, id: scheduled.id }))).json()) as ScheduledJobDetail;
    expect(detail.runs.map((r) => r.id)).toEqual([run.id]);
    expect(detail.runs[0].initiator).toMatchObject({ type: "scheduled-job", id: scheduled.id });
    expect(detail.scheduledJob.nextJobRunAt).toMatch(/-02-29T12:00:00/);
  });

  it("lists hardware with prices", async () => {
    signIn();
    const body = (await (await hardwareRoute()).json()) as { hardware: { name: string; unitCostUSD: number; unitLabel: string }[] };
    expect(body.hardware.find((h) => h.name === "cpu-basic")).toMatchObject({ unitLabel: "minute" });
  });
});
