import { createRepo, runJob } from "@huggingface/hub";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setHubSessionForTests } from "@/lib/auth/session";
import { parseSse } from "@/lib/hub/sse";
import type { ResourceSeries } from "@/lib/jobs/resource-series";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { GET as metricsRoute } from "./[namespace]/[id]/metrics/route";
import { GET as resourcesRoute } from "./[namespace]/[id]/resources/route";

/**
 * Resource charts outlive the job: what a metrics connection received is kept in the bucket when it
 * closes, and the resources route returns it after the job ended (the Hub's stream is gone by then).
 */
describe("kept resource series", () => {
  let t: JobsHub;
  let ns: string;
  beforeAll(async () => {
    t = await startJobsHub();
    ns = t.base.namespace;
    await createRepo({ repo: { type: "bucket", name: `${ns}/jobs-artifacts` }, private: true, hubUrl: t.base.hubUrl, accessToken: t.base.accessToken });
  });
  afterAll(() => t.hub.close());
  afterEach(() => setHubSessionForTests(undefined));
  const signIn = () => setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, user: { name: ns }, namespaces: [ns] });
  const params = (id: string) => ({ params: Promise.resolve({ namespace: ns, id }) });
  const kept = async (id: string) => ((await (await resourcesRoute(new NextRequest(`http://app.test/api/jobs/${ns}/${id}/resources`), params(id))).json()) as { series: ResourceSeries | null }).series;

  it("a job watched while running keeps its samples after the stream closes; before that it has none", async () => {
    signIn();
    const volumes = [{ source: { type: "bucket" as const, name: `${ns}/jobs-artifacts` }, mountPath: "/data", path: "20261201T090000-abcdef", readOnly: false }];
    const job = await runJob({ ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", "import time\nsum(i*i for i in range(10**6))\ntime.sleep(6)"], volumes });
    await waitForStage(t.base, job.id, ["RUNNING"]);
    expect(await kept(job.id)).toBeNull();

    const res = await metricsRoute(new NextRequest(`http://app.test/api/jobs/${ns}/${job.id}/metrics`), params(job.id));
    expect(res.status).toBe(200);
    let metrics = 0;
    for await (const ev of parseSse(res.body as ReadableStream<Uint8Array>)) {
      if (ev.event === "metric") metrics++;
      if (metrics >= 2 || ev.event === "end") break;
    }
    // The page goes away: the body is cancelled, as Next does when the browser disconnects.
    await res.body?.cancel();
    expect(metrics).toBe(2);

    let series: ResourceSeries | null = null;
    for (let k = 0; k < 50 && !series; k++) {
      series = await kept(job.id);
      if (!series) await new Promise((r) => setTimeout(r, 200));
    }
    expect(series?.samples.length).toBeGreaterThanOrEqual(1);
    expect(series?.samples[0]).toHaveProperty("cpu");
    await waitForStage(t.base, job.id, ["COMPLETED"]);
    expect((await kept(job.id))?.samples.length).toBe(series?.samples.length);
  });
});

describe("kept resource series: jobs without an artifacts folder", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());
  afterEach(() => setHubSessionForTests(undefined));

  it("keeps nothing for a job that has no folder in jobs-artifacts (the bucket is not the app's to write)", async () => {
    const ns = t.base.namespace;
    setHubSessionForTests({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, user: { name: ns }, namespaces: [ns] });
    await createRepo({ repo: { type: "bucket", name: `${ns}/jobs-artifacts` }, private: true, hubUrl: t.base.hubUrl, accessToken: t.base.accessToken });
    const job = await runJob({ ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", "import time\ntime.sleep(4)"] });
    await waitForStage(t.base, job.id, ["RUNNING"]);
    const params = { params: Promise.resolve({ namespace: ns, id: job.id }) };
    const res = await metricsRoute(new NextRequest(`http://app.test/api/jobs/${ns}/${job.id}/metrics`), params);
    for await (const ev of parseSse(res.body as ReadableStream<Uint8Array>)) if (ev.event === "metric" || ev.event === "end") break;
    await res.body?.cancel();
    await waitForStage(t.base, job.id, ["COMPLETED"]);
    const body = (await (await resourcesRoute(new NextRequest(`http://app.test/api/jobs/${ns}/${job.id}/resources`), params)).json()) as { series: ResourceSeries | null };
    expect(body.series).toBeNull();
  });
});
