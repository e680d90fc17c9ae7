import { streamJobLogs } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "../../test-support/jobs-hub";

/**
 * `/__test/*` routes require the Hub's primary token: a job shares the host network by default and
 * must not mint tokens, create users or reset the Hub through them (pentest finding).
 */

/** Python run in the sandbox: POSTs to the Hub's `/__test/tokens` as a job could, prints status and body. */
const stealCode = (hubUrl: string) => `
import json, urllib.request, urllib.error
req = urllib.request.Request(${JSON.stringify(`${hubUrl}/__test/tokens`)}, data=json.dumps({"user": "local-user", "role": "admin"}).encode(), headers={"Content-Type": "application/json"}, method="POST")
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        print("status", r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print("status", e.code, e.read().decode())
except OSError as e:
    print("unreachable", type(e).__name__)
`;

describe("test controls: the Hub's primary token is required", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub({ maxConcurrentJobs: 2 });
  });
  afterAll(async () => {
    await t.hub.close();
  });

  const routes: [string, string, unknown][] = [
    ["POST", "/__test/tokens", { user: "local-user", role: "admin" }],
    ["POST", "/__test/users", { name: "intruder", role: "admin" }],
    ["POST", "/__test/reset", {}],
    ["POST", "/__test/faults", { path: "/api/**", count: 1 }],
    ["GET", "/__test/requests", undefined],
    ["POST", "/__test/tokens/revoke", { token: "x" }],
    ["POST", "/__test/oauth/public-clients", { redirectUris: ["http://127.0.0.1:1/cb"] }],
  ];

  it.each(routes)("%s %s without a token, with a wrong token or another user's admin token → 401", async (method, path, body) => {
    const init = (headers: Record<string, string>): RequestInit => ({
      method, headers: { "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    // a valid admin token of the same user that is not the primary token must not do either
    const admin = ((await (await t.api("/__test/tokens", { method: "POST", body: JSON.stringify({ role: "admin" }) })).json()) as { token: string }).token;
    const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer hf_wrong" }, { Authorization: t.hub.token }, { Authorization: `Bearer ${admin}` }];
    for (const headers of attempts) {
      const res = await fetch(`${t.hub.url}${path}`, init(headers));
      expect(res.status, JSON.stringify(headers)).toBe(401);
      const json = (await res.json()) as { error?: string; token?: string };
      expect(json.error).toMatch(/primary token/);
      expect(json.token).toBeUndefined();
    }
  });

  it("a request with the primary token is served", async () => {
    const res = await t.api("/__test/tokens", { method: "POST", body: JSON.stringify({ role: "read" }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { token: string }).token).toMatch(/^hf_/);
  });

  it("a sandboxed job on the default host network that POSTs /__test/tokens gets 401 and no token", async () => {
    // 127.0.0.1 as the job sees it is the host's loopback (network-group.test.ts)
    const hubUrl = t.hub.url.replace("localhost", "127.0.0.1");
    const res = await t.api("/api/jobs/local-user", {
      method: "POST", body: JSON.stringify({ dockerImage: "python:3.12", command: ["python3", "-c", stealCode(hubUrl)] }),
    });
    expect(res.status).toBe(200);
    const id = String(((await res.json()) as { id: string }).id);
    expect((await waitForStage(t.base, id, ["COMPLETED", "ERROR"])).status.stage).toBe("COMPLETED");
    const lines: string[] = [];
    for await (const l of streamJobLogs({ ...t.base, jobId: id })) lines.push(l.message);
    const status = lines.find((l) => l.startsWith("status "));
    expect(status, lines.join("\n")).toMatch(/^status 401 /);
    expect(status).not.toMatch(/hf_/);
  });
});
