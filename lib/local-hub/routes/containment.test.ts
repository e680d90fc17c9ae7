import { createRepo, downloadFile, pathsInfo, runJob, uploadFiles } from "@huggingface/hub";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "../../../test-support/jobs-hub";
import { runPyJob } from "../../../test-support/run-py-job";

/**
 * A job plants symlinks in its /data (a bucket folder); the Hub must never follow them, whatever
 * route touches the path (issue 9, item 2). The host files they point at stay intact.
 */
describe("symlinks a job leaves in a bucket are never followed", () => {
  let t: JobsHub;
  let hostDir: string;
  let hostFile: string;
  const repo = { type: "bucket" as const, name: "local-user/links" };
  const creds = () => ({ accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
  const batch = (lines: object[]) => t.api("/api/buckets/local-user/links/batch", {
    method: "POST", body: lines.map((l) => JSON.stringify(l)).join("\n") + "\n", headers: { "Content-Type": "application/x-ndjson" },
  });

  beforeAll(async () => {
    t = await startJobsHub();
    hostDir = join(t.dir, "host-secrets");
    mkdirSync(hostDir);
    hostFile = join(hostDir, "secret.txt");
    writeFileSync(hostFile, "host secret");
    await createRepo({ repo, private: true, ...creds() });
    await uploadFiles({ repo, ...creds(), files: [{ path: "inputs/ok.txt", content: new Blob(["fine"]) }] });
    const r = await runPyJob(t, [
      "import os",
      "os.symlink('/', '/data/root')",
      `os.symlink('${hostFile}', '/data/secret.txt')`,
      `os.symlink('${hostDir}', '/data/hostdir')`,
      "os.mkfifo('/data/fifo')",
      "print('planted')",
    ].join("\n"), { volumes: [{ source: "local-user/links", mountPath: "/data", path: "run" }] });
    expect(r.lines).toContain("planted");
  });
  afterAll(() => t.hub.close());

  it("refuses a volume path through a planted link with a 400 naming the field", async () => {
    for (const path of ["run/root", "run/hostdir", "run/root/etc", "run/secret.txt"]) {
      const res = await t.api("/api/jobs/local-user", {
        method: "POST",
        body: JSON.stringify({ dockerImage: "python:3.12", command: ["true"], volumes: [{ type: "bucket", source: "local-user/links", mountPath: "/data", path }] }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/^volumes\[0\]\.path .* cannot be mounted: .*(symbolic link|is a file)/);
    }
    // Nothing launched: the job list holds only the job that planted the links.
    const jobs = (await (await t.api("/api/jobs/local-user")).json()) as unknown[];
    expect(jobs).toHaveLength(1);
  });

  it("does not download a linked file or a file under a linked folder (404), nor list them", async () => {
    expect(await downloadFile({ repo, path: "run/secret.txt", ...creds(), xet: false })).toBeNull();
    expect(await downloadFile({ repo, path: "run/secret.txt", ...creds() })).toBeNull();
    expect(await downloadFile({ repo, path: "run/hostdir/secret.txt", ...creds(), xet: false })).toBeNull();
    expect(await downloadFile({ repo, path: "run/root/etc/passwd", ...creds(), xet: false })).toBeNull();
    expect(await downloadFile({ repo, path: "run/fifo", ...creds(), xet: false })).toBeNull();
    expect(await pathsInfo({ repo, ...creds(), paths: ["run/secret.txt", "run/hostdir/secret.txt", "run/fifo"] })).toEqual([]);
    const tree = (await (await t.api("/api/buckets/local-user/links/tree?recursive=true")).json()) as { path: string }[];
    expect(tree.map((e) => e.path)).toEqual(["inputs/ok.txt"]);
    const shallow = (await (await t.api("/api/buckets/local-user/links/tree/run?recursive=false")).json()) as { path: string }[];
    expect(shallow).toEqual([]);
    expect((await t.api("/api/buckets/local-user/links/tree/run/hostdir")).status).toBe(200);
    expect(await (await t.api("/api/buckets/local-user/links/tree/run/hostdir")).json()).toEqual([]);
    const page = await t.api("/buckets/local-user/links/tree/run/hostdir");
    expect(page.status).toBe(404);
    const info = (await (await t.api("/api/buckets/local-user/links")).json()) as { totalFiles: number; size: number };
    expect(info).toMatchObject({ totalFiles: 1, size: 4 });
  });

  it("refuses to delete through a link or a link itself (422), and the host file stays", async () => {
    for (const path of ["run/hostdir/secret.txt", "run/secret.txt", "run/root/etc/hostname"]) {
      const res = await batch([{ type: "deleteFile", path }]);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { failed: { path: string; error: string }[] };
      expect(body.failed[0]).toMatchObject({ path, error: expect.stringMatching(/symbolic link/) });
    }
    expect(readFileSync(hostFile, "utf8")).toBe("host secret");
  });

  it("refuses to write or copy through a link (422) and never writes the host folder", async () => {
    const [ok] = await pathsInfo({ repo, ...creds(), paths: ["inputs/ok.txt"] });
    for (const op of [
      { type: "addFile", path: "run/hostdir/planted.txt", xetHash: ok.xetHash },
      { type: "addFile", path: "run/secret.txt", xetHash: ok.xetHash },
      { type: "copyFile", path: "run/root/tmp/x.txt", xetHash: ok.xetHash, sourceRepoType: "bucket", sourceRepoId: "local-user/links" },
    ]) {
      const res = await batch([op]);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { failed: { error: string }[] };
      expect(body.failed[0].error).toMatch(/symbolic link/);
    }
    expect(existsSync(join(hostDir, "planted.txt"))).toBe(false);
    expect(readFileSync(hostFile, "utf8")).toBe("host secret");
  });

  it("deletes a bucket holding links without touching what they point at", async () => {
    await createRepo({ repo: { type: "bucket", name: "local-user/doomed" }, private: true, ...creds() });
    const r = await runPyJob(t, `import os\nos.symlink('${hostDir}', '/data/d')\nos.symlink('${hostFile}', '/data/f')\nprint('ok')`, {
      volumes: [{ source: "local-user/doomed", mountPath: "/data" }],
    });
    expect(r.lines).toContain("ok");
    expect((await t.api("/api/buckets/local-user/doomed", { method: "DELETE" })).status).toBe(200);
    expect(readFileSync(hostFile, "utf8")).toBe("host secret");
    expect(existsSync(join(t.dir, "buckets", "local-user", "doomed"))).toBe(false);
  });

  it("mounts only real folders: a job sees its bucket folder, not the link's target", async () => {
    // A link inside /data points into the job's own sandbox, never at the host.
    const job = await runJob({
      ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", `import os; print('seen', os.path.exists('${hostFile}'), os.path.exists('/data/hostdir/secret.txt'))`],
      volumes: [{ source: "buckets/local-user/links", mountPath: "/data", path: "run" }],
    });
    const r = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR"]);
    expect(r.status.stage).toBe("COMPLETED");
    const logs = await (await t.api(`/api/jobs/local-user/${job.id}/logs`)).text();
    expect(logs).toContain("seen False False");
  });
});
