import { createRepo, uploadFiles } from "@huggingface/hub";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "../../../test-support/jobs-hub";
import { runPyJob } from "../../../test-support/run-py-job";

/**
 * The fallback of sandbox-user.ts: when the unprivileged host uid cannot reach the Hub's folder (here a
 * 0700 parent), bwrap starts from root and the job's uid 1000 is the Hub's user outside. Files the Hub
 * wrote for uid 61000 (an uploaded input) must still be writable by the job at its read-write mount.
 */
describe.runIf(process.getuid?.() === 0)("sandboxes started from root (host uid unreachable)", () => {
  let t: JobsHub;
  let parent: string;
  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), "lh-closed-"));
    chmodSync(parent, 0o700);
    const dir = join(parent, "hub");
    mkdirSync(dir);
    t = await startJobsHub({ dir });
    await createRepo({ repo: "buckets/local-user/fb", private: true, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
    await uploadFiles({
      repo: "buckets/local-user/fb", accessToken: t.base.accessToken, hubUrl: t.base.hubUrl,
      files: [{ path: "run/in.txt", content: new Blob(["input"]) }],
    });
  });
  afterAll(() => {
    t.hub.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it("lets the job write into the uploaded folder and rewrite the uploaded file", async () => {
    const r = await runPyJob(t, [
      "open('/data/out.txt', 'w').write('written')",
      "open('/data/in.txt', 'a').write('+job')",
      "print('ok', open('/data/in.txt').read())",
    ].join("\n"), { volumes: [{ source: "local-user/fb", mountPath: "/data", path: "run" }] });
    expect(r.lines.join("\n")).toContain("ok input+job");
    expect(r.stage).toBe("COMPLETED");
    expect(readFileSync(join(t.dir, "buckets/local-user/fb/files/run/out.txt"), "utf8")).toBe("written");
  });
});
