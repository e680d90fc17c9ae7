import {
  commit, createRepo, createScheduledJob, datasetInfo, deleteRepo, downloadFile, listDatasets, listFiles, modelInfo, repoExists, runJob,
  runScheduledJob, streamJobLogs, uploadFiles,
} from "@huggingface/hub";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { lcgBytes } from "../../../test-support/storage-data";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

async function logsOf(t: JobsHub, jobId: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const l of streamJobLogs({ ...t.base, jobId })) lines.push(l.message);
  return lines;
}

type Base = { accessToken: string; hubUrl: string; fetch?: typeof fetch };

async function paths(b: Base, repo: string, extra: { revision?: string; path?: string; accessToken?: string } = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const f of listFiles({ repo, recursive: true, ...b, ...extra })) out.push(`${f.type}:${f.path}`);
  return out;
}

/** A user "mallory" (not in local-org) made through the test controls; returns their token. */
async function addMallory(call: (path: string, init: RequestInit) => Promise<Response>): Promise<string> {
  const res = await call("/__test/users", { method: "POST", body: JSON.stringify({ name: "mallory" }) });
  return ((await res.json()) as { token: string }).token;
}

// Repo routes through app.request (no socket): @huggingface/hub gets the in-process fetch.
describe("local Hub model/dataset/space repos", () => {
  let h: InProcessHub;
  let b: Base & { fetch: typeof fetch };
  let mallory: string;
  const api = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${h.token}`);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return h.fetch(`${h.url}${path}`, { ...init, headers });
  };
  beforeAll(async () => {
    h = await startInProcessHub({ dir: mkdtempSync(join(tmpdir(), "lh-repos-")), testControls: true });
    b = { accessToken: h.token, hubUrl: h.url, fetch: h.fetch };
    mallory = await addMallory(api);
  });
  afterAll(() => h.close());

  it("creates, uploads (regular + LFS), lists, downloads and deletes through @huggingface/hub unchanged", async () => {
    const repo = "datasets/local-user/ds1";
    const created = await createRepo({ ...b, repo });
    expect(created.repoUrl).toBe(`${h.url}/datasets/local-user/ds1`);
    await expect(createRepo({ ...b, repo })).rejects.toMatchObject({ statusCode: 409 });
    const big = lcgBytes(11 * 1000 * 1000, 7);
    const out = await uploadFiles({
      ...b, repo,
      files: [
        { path: "train/a.csv", content: new Blob(["x,y\n1,2\n"]) },
        { path: "train/weights.bin", content: new Blob([big]) },
        { path: "README.md", content: new Blob(["# ds1\n"]) },
      ],
    });
    expect(out?.commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(await paths(b, repo)).toEqual([
      "file:.gitattributes", "file:README.md", "directory:train", "file:train/a.csv", "file:train/weights.bin",
    ]);
    const files: { path: string; lfs?: { oid: string } }[] = [];
    for await (const f of listFiles({ ...b, repo, path: "train" })) files.push(f);
    expect(files.find((f) => f.path === "train/weights.bin")?.lfs?.oid).toMatch(/^[0-9a-f]{64}$/);
    expect(files.find((f) => f.path === "train/a.csv")?.lfs).toBeUndefined();

    const csv = await downloadFile({ ...b, repo, path: "train/a.csv" });
    expect(await csv?.text()).toBe("x,y\n1,2\n");
    const weights = await downloadFile({ ...b, repo, path: "train/weights.bin" });
    // compared as one Buffer (a deep equality of 11 M elements takes minutes)
    expect(Buffer.from(await (weights ?? new Blob()).arrayBuffer()).equals(Buffer.from(big))).toBe(true);
    const head = await h.fetch(`${h.url}/datasets/local-user/ds1/resolve/main/train/weights.bin`, { method: "HEAD", headers: { Authorization: `Bearer ${h.token}` } });
    expect(head.headers.get("X-Repo-Commit")).toBe(out?.commit.oid);
    expect(head.headers.get("X-Linked-Size")).toBe(String(big.length));
    expect(head.headers.get("ETag")).toBe(`"${files.find((f) => f.path === "train/weights.bin")?.lfs?.oid}"`);

    const info = await datasetInfo({ ...b, name: "local-user/ds1", additionalFields: ["sha", "siblings"] as never });
    expect(info).toMatchObject({ name: "local-user/ds1", private: false });
    expect(await repoExists({ ...b, repo })).toBe(true);
    const listed: string[] = [];
    for await (const d of listDatasets({ ...b, search: { owner: "local-user" } })) listed.push(d.name);
    expect(listed).toContain("local-user/ds1");

    await deleteRepo({ ...b, repo });
    expect(await repoExists({ ...b, repo })).toBe(false);
  });

  it("serves every commit as a revision and refuses a stale parentCommit", async () => {
    const repo = { type: "model" as const, name: "local-user/m1" };
    await createRepo({ ...b, repo });
    const first = await commit({ ...b, repo, title: "v1", operations: [{ operation: "addOrUpdate", path: "config.json", content: new Blob(['{"v":1}']) }] });
    const second = await commit({ ...b, repo, title: "v2", operations: [{ operation: "addOrUpdate", path: "config.json", content: new Blob(['{"v":2}']) }] });
    const at = async (revision: string) => (await downloadFile({ ...b, repo, path: "config.json", revision }))?.text();
    expect(await at(first?.commit.oid ?? "")).toBe('{"v":1}');
    expect(await at("main")).toBe('{"v":2}');
    await expect(commit({ ...b, repo, title: "stale", parentCommit: first?.commit.oid, operations: [{ operation: "delete", path: "config.json" }] }))
      .rejects.toMatchObject({ statusCode: 412 });
    await commit({ ...b, repo, title: "rm", operations: [{ operation: "delete", path: "config.json" }] });
    expect(await paths(b, "local-user/m1")).toEqual(["file:.gitattributes"]);
    expect(await paths(b, "local-user/m1", { revision: second?.commit.oid })).toEqual(["file:.gitattributes", "file:config.json"]);
    expect((await modelInfo({ ...b, name: "local-user/m1" })).name).toBe("local-user/m1");
  });

  it("keeps private repos to members and writes to write tokens", async () => {
    const repo = "datasets/local-user/secret";
    await createRepo({ ...b, repo, private: true });
    await uploadFiles({ ...b, repo, files: [{ path: "s.txt", content: new Blob(["top secret"]) }] });
    await expect(downloadFile({ hubUrl: h.url, fetch: h.fetch, accessToken: mallory, repo, path: "s.txt" })).rejects.toMatchObject({ statusCode: 404 });
    expect((await h.fetch(`${h.url}/datasets/local-user/secret/resolve/main/s.txt`)).status).toBe(401);
    expect((await h.fetch(`${h.url}/api/datasets/local-user/secret`, { headers: { Authorization: `Bearer ${mallory}` } })).headers.get("X-Error-Code")).toBe("RepoNotFound");
    const theirs: string[] = [];
    for await (const d of listDatasets({ hubUrl: h.url, fetch: h.fetch, accessToken: mallory, search: { owner: "local-user" } })) theirs.push(d.name);
    expect(theirs).not.toContain("local-user/secret");
    await expect(createRepo({ hubUrl: h.url, fetch: h.fetch, accessToken: mallory, repo: "datasets/local-user/intruder" })).rejects.toMatchObject({ statusCode: 403 });
    const read = ((await (await api("/__test/tokens", { method: "POST", body: JSON.stringify({ role: "read" }) })).json()) as { token: string }).token;
    await expect(uploadFiles({ hubUrl: h.url, fetch: h.fetch, accessToken: read, repo, files: [{ path: "x.txt", content: new Blob(["x"]) }] })).rejects.toMatchObject({ statusCode: 403 });
    expect(await (await downloadFile({ hubUrl: h.url, fetch: h.fetch, accessToken: read, repo, path: "s.txt" }))?.text()).toBe("top secret");
  });

  it("refuses an LFS commit line naming another repo's object, and a corrupt LFS upload", async () => {
    const secret = lcgBytes(12 * 1000 * 1000, 99);
    await createRepo({ ...b, repo: "datasets/local-user/lfs-secret", private: true });
    await uploadFiles({ ...b, repo: "datasets/local-user/lfs-secret", files: [{ path: "w.bin", content: new Blob([secret]) }] });
    const entries: { path: string; lfs?: { oid: string } }[] = [];
    for await (const f of listFiles({ ...b, repo: "datasets/local-user/lfs-secret" })) entries.push(f);
    const oid = entries.find((e) => e.path === "w.bin")?.lfs?.oid ?? "";
    await createRepo({ hubUrl: h.url, fetch: h.fetch, accessToken: mallory, repo: "datasets/mallory/steal" });
    const body = [
      JSON.stringify({ key: "header", value: { summary: "steal" } }),
      JSON.stringify({ key: "lfsFile", value: { path: "w.bin", algo: "sha256", oid, size: secret.length } }),
    ].join("\n");
    const res = await h.fetch(`${h.url}/api/datasets/mallory/steal/commit/main`, {
      method: "POST", body, headers: { Authorization: `Bearer ${mallory}`, "Content-Type": "application/x-ndjson" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/was not uploaded for mallory\/steal/);

    const batch = await h.fetch(`${h.url}/datasets/mallory/steal.git/info/lfs/objects/batch`, {
      method: "POST", headers: { Authorization: `Bearer ${mallory}`, "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ operation: "upload", transfers: ["basic"], objects: [{ oid, size: secret.length }] }),
    });
    const href = ((await batch.json()) as { objects: { actions?: { upload?: { href: string } } }[] }).objects[0].actions?.upload?.href ?? "";
    expect(href).toContain("/api/lfs-upload/");
    const wrong = new Uint8Array(secret.length);
    expect((await h.fetch(href, { method: "PUT", body: wrong })).status).toBe(400);
    expect((await h.fetch(href.replace(/sig=[0-9a-f]+/, "sig=" + "0".repeat(64)), { method: "PUT", body: secret })).status).toBe(403);
  });
});

// Repo volumes of jobs: a job streams its logs over a real socket.
describe("local Hub repo volumes in jobs", () => {
  let t: JobsHub;
  let mallory: string;
  beforeAll(async () => {
    t = await startJobsHub();
    mallory = await addMallory(t.api);
  });
  afterAll(() => t.hub.close());

  it("mounts a dataset (and a Space) read-only in a job, at a revision and a sub-path, and refuses rw and other users' private repos", async () => {
    const repo = "datasets/local-user/mount-me";
    await createRepo({ ...t.base, repo });
    const v1 = await uploadFiles({ ...t.base, repo, files: [{ path: "train/x.txt", content: new Blob(["version one"]) }, { path: "top.txt", content: new Blob(["top"]) }] });
    await uploadFiles({ ...t.base, repo, files: [{ path: "train/x.txt", content: new Blob(["version two"]) }] });
    await createRepo({ ...t.base, repo: "spaces/local-user/app", sdk: "static" });
    await uploadFiles({ ...t.base, repo: "spaces/local-user/app", files: [{ path: "app.py", content: new Blob(["print('space')"]) }] });

    const code = [
      "import os",
      "print('main', open('/datasets/x/train/x.txt').read())",
      "print('old', open('/old/x.txt').read())",
      "print('listing', sorted(os.listdir('/old')))",
      "print('space', open('/space/app.py').read())",
      "try:\n  open('/datasets/x/new.txt', 'w')\nexcept OSError as e:\n  print('write refused', e.errno)",
      "try:\n  open('/datasets/x/top.txt', 'a')\nexcept OSError as e:\n  print('append refused', e.errno)",
    ].join("\n");
    const job = await runJob({
      ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", code],
      volumes: [
        { source: repo, mountPath: "/datasets/x" },
        { source: repo, mountPath: "/old", revision: v1?.commit.oid, path: "train", readOnly: true },
        { source: "spaces/local-user/app", mountPath: "/space" },
      ],
    });
    const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"], 30_000);
    const lines = await logsOf(t, job.id);
    expect(done.status, lines.join("\n")).toMatchObject({ stage: "COMPLETED" });
    expect(done.volumes?.[0]).toMatchObject({ type: "dataset", source: "local-user/mount-me", mountPath: "/datasets/x", readOnly: true });
    expect(lines).toContain("main version two");
    expect(lines).toContain("old version one");
    expect(lines).toContain("listing ['x.txt']");
    expect(lines).toContain("space print('space')");
    expect(lines).toContain("write refused 30");
    // EACCES or EROFS: the file is 0444 root's, and the mount is read-only
    expect(lines.some((l) => /^append refused (13|30)$/.test(l)), lines.join("\n")).toBe(true);

    const rw = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({ dockerImage: "python:3.12", flavor: "cpu-basic", command: ["true"], arguments: [], volumes: [{ type: "dataset", source: "local-user/mount-me", mountPath: "/d", readOnly: false }] }),
    });
    expect(rw.status).toBe(400);
    expect(((await rw.json()) as { error: string }).error).toMatch(/volumes\[0\]\.readOnly/);

    const badRev = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({ dockerImage: "python:3.12", flavor: "cpu-basic", command: ["true"], arguments: [], volumes: [{ type: "dataset", source: "local-user/mount-me", mountPath: "/d", revision: "f".repeat(40) }] }),
    });
    expect(((await badRev.json()) as { error: string }).error).toMatch(/volumes\[0\]\.revision/);
    const badPath = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({ dockerImage: "python:3.12", flavor: "cpu-basic", command: ["true"], arguments: [], volumes: [{ type: "dataset", source: "local-user/mount-me", mountPath: "/d", path: "nope" }] }),
    });
    expect(((await badPath.json()) as { error: string }).error).toMatch(/volumes\[0\]\.path "nope"/);

    await createRepo({ hubUrl: t.base.hubUrl, accessToken: mallory, repo: "datasets/mallory/private-ds", private: true });
    const theirs = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({ dockerImage: "python:3.12", flavor: "cpu-basic", command: ["true"], arguments: [], volumes: [{ type: "dataset", source: "mallory/private-ds", mountPath: "/d" }] }),
    });
    expect(theirs.status).toBe(400);
    expect(((await theirs.json()) as { error: string }).error).toMatch(/volumes\[0\]\.source: dataset "mallory\/private-ds" does not exist or you don't have access/);
  });

  it("checks a repo volume again when the run starts: a repo made private since is not mounted for a non-member", async () => {
    await createRepo({ hubUrl: t.base.hubUrl, accessToken: mallory, repo: "datasets/mallory/flip" });
    await uploadFiles({ hubUrl: t.base.hubUrl, accessToken: mallory, repo: "datasets/mallory/flip", files: [{ path: "f.txt", content: new Blob(["public now"]) }] });
    const sj = await createScheduledJob({
      ...t.base, schedule: "0 9 * * 1",
      jobSpec: { dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", "print(open('/d/f.txt').read())"], volumes: [{ source: "datasets/mallory/flip", mountPath: "/d" }] },
    });
    const res = await fetch(`${t.base.hubUrl}/api/datasets/mallory/flip/settings`, {
      method: "PUT", body: JSON.stringify({ private: true }), headers: { Authorization: `Bearer ${mallory}`, "Content-Type": "application/json" },
    });
    expect(res.status).toBe(200);
    const run = await runScheduledJob({ ...t.base, jobId: sj.id });
    const done = await waitForStage(t.base, run?.id ?? "", ["COMPLETED", "ERROR"], 30_000);
    expect(done.status.stage).toBe("ERROR");
    expect(done.status.message).toMatch(/dataset mallory\/flip \(volume at \/d\) does not exist or local-user cannot read it/);
    expect((await logsOf(t, done.id)).join("\n")).not.toContain("public now");
  });
});
