import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { ensureBucket, forgetBucketState } from "./ensure-bucket";
import { forgetHardware, listHardware } from "./list-hardware";
import { TtlCache } from "./ttl-cache";
import { cachedWhoAmI, forgetWhoAmI } from "./who-am-i";

describe("caches of stable Hub answers", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());
  const served = async () => (await (await t.api("/__test/requests")).json()) as { method: string; path: string; status: number }[];

  it("whoami: one request per token, refreshed after forget", async () => {
    await t.api("/__test/requests", { method: "DELETE" });
    const a = await cachedWhoAmI(t.base);
    const b = await cachedWhoAmI(t.base);
    expect(b).toEqual(a);
    expect(a.name).toBe(t.base.namespace);
    expect((await served()).filter((r) => r.path === "/api/whoami-v2")).toHaveLength(1);
    await forgetWhoAmI(t.base);
    await cachedWhoAmI(t.base);
    expect((await served()).filter((r) => r.path === "/api/whoami-v2")).toHaveLength(2);
  });

  it("bucket: created private once (POST), then 409 + info on a cold cache, nothing when warm", async () => {
    forgetBucketState();
    await t.api("/__test/requests", { method: "DELETE" });
    const p = { ...t.base, name: "jobs-artifacts" };
    expect(await ensureBucket(p)).toEqual({ id: `${t.base.namespace}/jobs-artifacts`, private: true, created: true });
    expect(await ensureBucket(p)).toMatchObject({ private: true, created: false });
    forgetBucketState();
    expect(await ensureBucket(p)).toMatchObject({ private: true, created: false });
    const calls = (await served()).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls).toEqual([
      `POST /api/buckets/${t.base.namespace}/jobs-artifacts 200`,
      `POST /api/buckets/${t.base.namespace}/jobs-artifacts 409`,
      `GET /api/buckets/${t.base.namespace}/jobs-artifacts 200`,
    ]);
  });

  it("hardware list: one request per Hub", async () => {
    forgetHardware();
    await t.api("/__test/requests", { method: "DELETE" });
    const a = await listHardware(t.base);
    await listHardware(t.base);
    expect(a.some((h) => h.name === "cpu-basic")).toBe(true);
    expect((await served()).filter((r) => r.path === "/api/jobs/hardware")).toHaveLength(1);
  });

  it("TtlCache expires entries and evicts the oldest beyond its size", () => {
    const c = new TtlCache<number>(1000, 2);
    c.set("a", 1, 0);
    expect(c.get("a", 999)).toBe(1);
    expect(c.get("a", 1000)).toBeUndefined();
    c.set("a", 1, 0);
    c.set("b", 2, 0);
    c.set("c", 3, 0);
    expect([c.get("a", 1), c.get("b", 1), c.get("c", 1)]).toEqual([undefined, 2, 3]);
  });
});
