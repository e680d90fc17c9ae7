import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installHubFetchTimeout } from "@/lib/hub/hub-fetch-timeout";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { launchJob } from "./launch-job";

/**
 * Issue 11 items 4 + 5: the Hub freezes while the job is being created. The launch ends (no hang) with
 * `hub_timeout`, says the job may have started (the lookup by launch key could not answer either), and
 * keeps the folder for the retry.
 */
describe("a launch against a Hub that freezes at job creation", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
    installHubFetchTimeout({ origin: new URL(t.base.hubUrl).origin, timeoutMs: 2_000 });
  });
  afterAll(() => t.hub.close());
  afterEach(async () => {
    await t.api("/__test/faults", { method: "DELETE" });
  });

  it("ends with hub_timeout and mayHaveStarted, the uploaded folder kept for the retry", async () => {
    const ns = t.base.namespace;
    await t.api("/__test/faults", { method: "POST", body: JSON.stringify({ path: `/api/jobs/${ns}`, count: 100, kind: "freeze" }) });
    const files = [{ path: "frozen.py", content: new Blob(["print('never')\n"]) }];
    const r = await launchJob({
      hubUrl: t.base.hubUrl,
      accessToken: t.base.accessToken,
      files,
      input: { namespace: ns, files: [{ path: "frozen.py", size: files[0]?.content.size ?? 0 }], script: "frozen.py", launchKey: "frozen-hub-key-000001" },
    });
    expect(r).toMatchObject({ ok: false, error: { code: "hub_timeout", mayHaveStarted: true, folder: expect.stringMatching(/^\d{8}T\d{6}-[0-9a-f]{6}$/) } });
  });
});
