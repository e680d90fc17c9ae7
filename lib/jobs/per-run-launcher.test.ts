import { createRepo, uploadFiles } from "@huggingface/hub";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage } from "../../test-support/jobs-hub";
import type { JobsHub } from "../../test-support/jobs-hub";
import { generatePerRunLauncher, perRunCommand, PER_RUN_LAUNCHER_NAME } from "./per-run-launcher";

const SCRIPT = [
  "# /// script",
  '# requires-python = ">=3.8"',
  "# dependencies = []",
  "# ///",
  "import os, sys",
  "open('result.txt', 'w').write(os.environ['JOB_ID'] + ' ' + ' '.join(sys.argv[1:]))",
  "print('out', os.environ['OUTPUT_DIR'], os.getcwd() == os.environ['OUTPUT_DIR'], sys.argv[1:])",
  "",
].join("\n");

describe("generatePerRunLauncher (text)", () => {
  it("copies the script's PEP 723 block first and execs the script", () => {
    const l = generatePerRunLauncher({ mode: "uv", script: "/data/train.py", scriptText: `#!/usr/bin/env python\n${SCRIPT}` });
    expect(l.fileName).toBe(PER_RUN_LAUNCHER_NAME);
    expect(l.content.startsWith('# /// script\n# requires-python = ">=3.8"\n# dependencies = []\n# ///\n')).toBe(true);
    expect(l.content).toContain('script = "/data/train.py"\nos.execv(sys.executable, [sys.executable, script] + args)');
    expect(() => generatePerRunLauncher({ mode: "uv", script: "/data/x.py", scriptText: "# /// script\n# dependencies = [\n" })).toThrow(/Unclosed/);
    expect(() => generatePerRunLauncher({ mode: "uv" })).toThrow(/script's path/);
  });
  it("builds the job argv around it", () => {
    expect(perRunCommand({ mode: "uv", uvOptions: ["--with", "trl"], scriptArgs: ["--out", "{OUTPUT_DIR}/m"] })).toEqual([
      "uv", "run", "--with", "trl", `/data/${PER_RUN_LAUNCHER_NAME}`, "--out", "{OUTPUT_DIR}/m",
    ]);
    expect(perRunCommand({ mode: "command", command: ["python", "-c", "1"] })).toEqual(["python3", `/data/${PER_RUN_LAUNCHER_NAME}`, "python", "-c", "1"]);
  });
});

describe("per-run output folders in local Hub jobs", () => {
  let t: JobsHub;
  const bucket = "local-user/per-run";
  const folder = "20260101T000000-abc123";
  const filesOnDisk = () => join(t.dir, "buckets", bucket, "files", folder);
  beforeAll(async () => {
    t = await startJobsHub();
    await createRepo({ repo: `buckets/${bucket}`, private: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
    const uv = generatePerRunLauncher({ mode: "uv", script: "/data/train.py", scriptText: SCRIPT });
    await uploadFiles({
      repo: `buckets/${bucket}`,
      accessToken: t.base.accessToken,
      hubUrl: t.base.hubUrl,
      files: [
        { path: `${folder}/train.py`, content: new Blob([SCRIPT]) },
        { path: `${folder}/${uv.fileName}`, content: new Blob([uv.content]) },
      ],
    });
  });
  afterAll(() => {
    t.hub.close();
    rmSync(t.dir, { recursive: true, force: true });
  });

  const volumes = [{ type: "bucket", source: bucket, mountPath: "/data", path: folder, readOnly: false }];

  it("gives each triggered run of a schedule its own /data/runs/<job id>/, passed as OUTPUT_DIR, cwd and {OUTPUT_DIR}", async () => {
    const jobSpec = {
      dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm",
      command: perRunCommand({ mode: "uv", uvOptions: [], scriptArgs: ["--out", "{OUTPUT_DIR}/model", "literal arg"] }),
      arguments: [],
      environment: {},
      flavor: "cpu-basic",
      volumes,
    };
    const created = await t.api("/api/scheduled-jobs/local-user", { method: "POST", body: JSON.stringify({ jobSpec, schedule: "@yearly", suspend: true, concurrency: true }) });
    expect(created.status).toBe(200);
    const sj = (await created.json()) as { id: string };
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const res = await t.api(`/api/scheduled-jobs/local-user/${sj.id}/run`, { method: "POST" });
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { id: string }).id);
    }
    for (const id of ids) {
      const done = await waitForStage(t.base, id, ["COMPLETED", "ERROR", "CANCELED"], 60_000);
      expect(done.status, JSON.stringify(done.status)).toMatchObject({ stage: "COMPLETED" });
    }
    expect(readdirSync(join(filesOnDisk(), "runs")).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(readFileSync(join(filesOnDisk(), "runs", id, "result.txt"), "utf8")).toBe(`${id} --out /data/runs/${id}/model literal arg`);
    }
  });

  it("runs a command job through the launcher without a shell", async () => {
    const cmd = generatePerRunLauncher({ mode: "command" });
    await uploadFiles({
      repo: `buckets/${bucket}`,
      accessToken: t.base.accessToken,
      hubUrl: t.base.hubUrl,
      files: [{ path: `cmd/${cmd.fileName}`, content: new Blob([cmd.content]) }],
    });
    const res = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({
        dockerImage: "python:3.12",
        command: perRunCommand({ mode: "command", command: ["python3", "-c", "import os,sys; open('cmd.txt','w').write(sys.argv[1])", "$HOME;{OUTPUT_DIR}"] }),
        arguments: [],
        environment: {},
        flavor: "cpu-basic",
        volumes: [{ ...volumes[0], path: "cmd" }],
      }),
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const done = await waitForStage(t.base, id, ["COMPLETED", "ERROR", "CANCELED"], 60_000);
    expect(done.status.stage).toBe("COMPLETED");
    expect(readFileSync(join(t.dir, "buckets", bucket, "files", "cmd", "runs", id, "cmd.txt"), "utf8")).toBe(`$HOME;/data/runs/${id}`);
  });
});
