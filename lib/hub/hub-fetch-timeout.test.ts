import { runJob } from "@huggingface/hub";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as listJobsRoute } from "@/app/api/jobs/[namespace]/route";
import { setHubSessionForTests } from "@/lib/auth/session";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { HubTimeoutError, installHubFetchTimeout, withHubTimeout } from "./hub-fetch-timeout";
import { listJobsPage } from "./list-jobs-page";
import { toActionError } from "./to-action-error";

/**
 * Issue 11 item 5: with the Hub frozen (the local Hub's `freeze` fault: requests hang with no answer),
 * every Hub call ends with a clear timeout, and a read route answers 504 `hub_timeout`.
 */
describe("bounded waits against a frozen local Hub", () => {
  let t: JobsHub;
  let origin: string;
  beforeAll(async () => {
    t = await startJobsHub();
    origin = new URL(t.base.hubUrl).origin;
  });
  afterAll(() => t.hub.close());
  afterEach(async () => {
    setHubSessionForTests(undefined);
    await t.api("/__test/faults", { method: "DELETE" }); // also lets the frozen requests go
  });
  const freeze = () => t.api("/__test/faults", { method: "POST", body: JSON.stringify({ path: "/api/**", count: 1000, kind: "freeze" }) });

  it("a frozen Hub: the call rejects with HubTimeoutError, mapped to hub_timeout", async () => {
    await freeze();
    const hubFetch = withHubTimeout(fetch, { origin, timeoutMs: 300 });
    const err = await listJobsPage({ ...t.base, fetch: hubFetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubTimeoutError);
    expect(toActionError(err, "Could not list jobs")).toMatchObject({ code: "hub_timeout", message: expect.stringMatching(/not answering/) });
  });

  it("a live Hub answers through the same wrapper; other origins and the caller's signal are untouched", async () => {
    const hubFetch = withHubTimeout(fetch, { origin, timeoutMs: 300 });
    await expect(listJobsPage({ ...t.base, fetch: hubFetch })).resolves.toMatchObject({ jobs: [] });
    await freeze();
    const caller = new AbortController();
    const pending = hubFetch(`${t.base.hubUrl}/api/whoami-v2`, { signal: caller.signal }).catch((e: unknown) => e);
    caller.abort(new Error("caller gave up"));
    const err = await pending;
    expect(err).not.toBeInstanceOf(HubTimeoutError);
  });

  it("a stream that goes silent fails with HubTimeoutError; keep-alives count as activity", async () => {
    // A Hub whose SSE keep-alive (60 s) is far apart, and one sending it every 200 ms (startJobsHub).
    const quiet = await startJobsHub({ sseKeepAliveMs: 60_000 });
    try {
      for (const [hub, expectTimeout] of [[quiet, true], [t, false]] as const) {
        const job = await runJob({ ...hub.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-u", "-c", "import time; print('one line', flush=True); time.sleep(20)"] });
        const hubFetch = withHubTimeout(fetch, { origin: new URL(hub.base.hubUrl).origin, timeoutMs: 5_000, bodyIdleMs: 1_000 });
        const res = await hubFetch(`${hub.base.hubUrl}/api/jobs/${hub.base.namespace}/${job.id}/logs`, { headers: { Authorization: `Bearer ${hub.base.accessToken}` } });
        expect(res.status).toBe(200);
        expect(res.url).toBe(`${hub.base.hubUrl}/api/jobs/${hub.base.namespace}/${job.id}/logs`);
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let text = "";
        let failure: unknown = null;
        // Read until the job's line has arrived and 3 idle periods have passed, or the read fails.
        const until = Date.now() + 3_000;
        try {
          while (Date.now() < until || !text.includes("one line")) {
            const { done, value } = await reader.read();
            if (done) break;
            text += decoder.decode(value, { stream: true });
          }
        } catch (err) {
          failure = err;
        } finally {
          await reader.cancel().catch(() => undefined);
        }
        expect(text).toContain("one line");
        if (expectTimeout) expect(failure).toBeInstanceOf(HubTimeoutError);
        else expect(failure).toBeNull();
        await hub.api(`/api/jobs/${hub.base.namespace}/${job.id}/cancel`, { method: "POST" });
      }
    } finally {
      await quiet.hub.close();
    }
  });

  it("installed globally, a read route answers 504 hub_timeout when the Hub is frozen", async () => {
    installHubFetchTimeout({ origin, timeoutMs: 300 });
    const ns = t.base.namespace;
    setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, user: { name: ns }, namespaces: [ns] });
    await freeze();
    const res = await listJobsRoute(new NextRequest(new URL(`http://app.test/api/jobs/${ns}`)), { params: Promise.resolve({ namespace: ns }) });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: { code: "hub_timeout", message: expect.stringMatching(/not answering/) } });
  });
});
