import { getJob, streamJobLogs } from "@huggingface/hub";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureHfVenv2x } from "../../test-support/hf-venv-2x";
import { startJobsHub, waitForStage } from "../../test-support/jobs-hub";
import type { JobsHub } from "../../test-support/jobs-hub";
import { formatHfCommand, uvFromCommand } from "./hf-command";
import type { WireJobSpec } from "./wire-job-spec";

/**
 * Copy-as-command for the app's main case, a uv script with files in the job folder: the line
 * `formatHfCommand` prints, run by the real `hf` 2.0.0 CLI in a folder holding those files, against a
 * local Hub, launches a job with the same spec the app would send (the CLI uploads the files into a
 * new `jobs-artifacts` folder of its own, so only the folder name differs), and the job runs.
 */
let t: JobsHub;
let hfBin = "";
let work = "";
beforeAll(async () => {
  hfBin = ensureHfVenv2x().hf;
  t = await startJobsHub();
  work = mkdtempSync(join(tmpdir(), "hf-cmd-hub-"));
}, 300_000);
afterAll(() => {
  t.hub.close();
  rmSync(t.dir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("copy-as-command through the hf CLI against the local Hub", () => {
  it("a uv job with a script and a config file", async () => {
    writeFileSync(join(work, "train.py"), "import os, sys\nprint('cfg', open(sys.argv[2]).read().strip(), os.environ['MODE'], os.environ['TOKEN_X'] != '')\n");
    writeFileSync(join(work, "cfg.yaml"), "lr: 0.1\n");
    // what the app sends for this composer state (lib/jobs/build-job-spec.ts shape)
    const appSpec: WireJobSpec = {
      dockerImage: "ghcr.io/astral-sh/uv:python3.12-bookworm",
      command: ["uv", "run", "/data/train.py", "--config", "/data/cfg.yaml"],
      arguments: [],
      environment: { MODE: "fast run" },
      secrets: { TOKEN_X: "value-from-the-form" },
      flavor: "cpu-basic",
      timeoutSeconds: 600,
      labels: { name: "copy-cmd", team: "ml" },
      volumes: [{ type: "bucket", source: "local-user/jobs-artifacts", mountPath: "/data", path: "20260101T000000-abcdef", readOnly: false }],
    };
    const read = uvFromCommand({ command: appSpec.command, artifactsMountPath: "/data" });
    expect(read).not.toBeNull();
    if (read === null) return;
    const out = formatHfCommand({ spec: appSpec, uv: read.uv, artifactsMountPath: "/data", detach: true });
    expect(out.line).toBe("hf jobs uv run --timeout 10m -e 'MODE=fast run' -s TOKEN_X --name copy-cmd -l team=ml -d -- train.py --config cfg.yaml");
    const env = {
      NODE_ENV: "test" as const,
      PATH: `${dirname(hfBin)}:/usr/bin:/bin`,
      HOME: work,
      HF_HOME: join(work, "hf-home"),
      HF_ENDPOINT: t.base.hubUrl,
      HF_TOKEN: t.base.accessToken,
      HF_HUB_DISABLE_TELEMETRY: "1",
      HF_HUB_DISABLE_EXPERIMENTAL_WARNING: "1",
      TOKEN_X: "secret-value",
    };
    const res = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile("/bin/sh", ["-c", out.line.replace("hf jobs uv run ", "hf jobs uv run --format json ")], { cwd: work, env, timeout: 120_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(res.code, res.stderr).toBe(0);
    const id = /[0-9a-f]{24}/.exec(res.stdout)?.[0];
    expect(id, res.stdout).toBeDefined();
    if (id === undefined) return;
    const job = await getJob({ ...t.base, jobId: id });
    expect(job.command).toEqual(appSpec.command);
    expect(job.environment).toEqual(appSpec.environment);
    expect(job.labels).toEqual(appSpec.labels);
    expect(job.flavor).toBe("cpu-basic");
    expect(job.dockerImage).toBe(appSpec.dockerImage);
    const vols = (job as unknown as { volumes?: { type?: string; source: string; mountPath: string; path?: string }[] }).volumes ?? [];
    expect(vols).toHaveLength(1);
    expect(vols[0]).toMatchObject({ type: "bucket", source: "local-user/jobs-artifacts", mountPath: "/data" });
    expect(vols[0]?.path).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
    const done = await waitForStage(t.base, id, ["COMPLETED", "ERROR", "CANCELED"], 60_000);
    expect(done.status.stage).toBe("COMPLETED");
    const lines: string[] = [];
    for await (const l of streamJobLogs({ ...t.base, jobId: id })) lines.push(l.message);
    expect(lines).toContain("cfg lr: 0.1 fast run True");
  });
});
