import { createHash } from "node:crypto";
import { getJob } from "@huggingface/hub";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setHubSessionForTests } from "@/lib/auth/session";
import type { LaunchInput, LaunchResult } from "@/lib/jobs/schema";
import type { ActionResult } from "@/lib/result";
import { readSseText, sseData, startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { POST } from "./route";

// Prints a digest of HF_TOKEN, never the token, so the test can check the value the job received.
const SCRIPT = 'import hashlib, os\nprint("token-sha256", hashlib.sha256(os.environ.get("HF_TOKEN", "").encode()).hexdigest(), flush=True)\n';

function launchRequest(input: Partial<LaunchInput> & { useSessionTokenAs?: string }, headers: Record<string, string> = {}): Request {
  const form = new FormData();
  form.set("input", JSON.stringify(input));
  form.append("file", new File([SCRIPT], "main.py"), "main.py");
  return new Request("http://localhost:3123/api/launch", {
    method: "POST",
    body: form,
    headers: { host: "localhost:3123", origin: "http://localhost:3123", "sec-fetch-site": "same-origin", ...headers },
  });
}

describe("POST /api/launch against a local Hub", () => {
  let t: JobsHub;
  let ns: string;
  const input = (): LaunchInput => ({ namespace: ns, files: [{ path: "main.py", size: new Blob([SCRIPT]).size }], script: "main.py", name: "route-test" });
  beforeAll(async () => {
    t = await startJobsHub();
    ns = t.base.namespace;
  });
  afterAll(() => t.hub.close());
  afterEach(() => setHubSessionForTests(undefined));
  const signIn = () => setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, user: { name: ns }, namespaces: [ns] });

  it("refuses a cross-site post before reading it", async () => {
    signIn();
    const res = await POST(launchRequest(input(), { origin: "https://evil.example", "sec-fetch-site": "cross-site" }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("answers the action's errors with a matching status", async () => {
    setHubSessionForTests(null);
    const signedOut = await POST(launchRequest({ ...input(), useSessionTokenAs: "HF_TOKEN" }));
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    signIn();
    const bad = await POST(launchRequest({ ...input(), timeout: "0" }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { timeout: [expect.any(String)] } } });
  });

  it("launches and gives the job the session's token as HF_TOKEN, resolved on the server", async () => {
    signIn();
    const res = await POST(launchRequest({ ...input(), useSessionTokenAs: "HF_TOKEN" }));
    const body = (await res.json()) as ActionResult<LaunchResult>;
    if (!body.ok) throw new Error(JSON.stringify(body.error));
    expect(res.status).toBe(200);
    expect(body.data.command).toEqual(["uv", "run", "/data/main.py"]);
    // The answer never carries the token.
    expect(JSON.stringify(body)).not.toContain(t.base.accessToken);
    const jobId = body.data.jobId as string;
    await waitForStage(t.base, jobId, ["COMPLETED"]);
    const job = await getJob({ ...t.base, jobId });
    expect(JSON.stringify(job.secrets ?? [])).toContain("HF_TOKEN");
    const logs = await readSseText(await t.api(`/api/jobs/${ns}/${jobId}/logs`));
    const lines = sseData<{ data: string }>(logs.text).map((e) => e.data);
    const digest = createHash("sha256").update(t.base.accessToken).digest("hex");
    expect(lines).toContain(`token-sha256 ${digest}`);
  });
});
