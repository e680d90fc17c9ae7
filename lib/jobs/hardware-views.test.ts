import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetHardware } from "@/lib/hub/list-hardware";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { readHardware } from "./hardware-views";

describe("readHardware (the composer page's hardware list)", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());

  it("reads the local Hub's flavors with their prices, in the browser's shape", async () => {
    forgetHardware();
    const read = await readHardware({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken });
    if (!read.ok) throw new Error(read.message);
    const basic = read.hardware.find((h) => h.name === "cpu-basic");
    expect(basic).toMatchObject({ unitLabel: "minute" });
    expect(Object.keys(basic ?? {}).sort()).toEqual(["accelerator", "cpu", "name", "prettyName", "ram", "unitCostMicroUSD", "unitCostUSD", "unitLabel"]);
  });

  it("turns a Hub failure into { ok: false } with the message GET /api/hardware would give, and caches nothing", async () => {
    forgetHardware();
    await t.api("/__test/faults", { method: "POST", body: JSON.stringify({ method: "GET", path: "/api/jobs/hardware", count: 1, kind: "500" }) });
    const failed = await readHardware({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.message).toMatch(/Hub/);
    // The retry (router.refresh on the page) asks the Hub again.
    const again = await readHardware({ hubUrl: t.base.hubUrl, accessToken: t.base.accessToken });
    expect(again.ok).toBe(true);
  });
});
