import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalHub, type LocalHub } from "../app";
import { HARDWARE_FLAVORS } from "../runner/hardware-flavors";

// The precedence app.ts's mountAreas sets, checked through app.request (no port).
describe("route areas under their prefixes", () => {
  let hub: LocalHub;
  const auth = () => ({ Authorization: `Bearer ${hub.token}` });
  beforeAll(() => {
    hub = createLocalHub({ dir: mkdtempSync(join(tmpdir(), "lh-mounts-")), testControls: true });
  });
  afterAll(() => hub.close());

  it("GET /api/jobs/hardware is the flavor list, with or without a token, not the jobs of a namespace \"hardware\"", async () => {
    for (const headers of [{}, auth()]) {
      const res = await hub.app.request("/api/jobs/hardware", { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(HARDWARE_FLAVORS);
    }
  });

  it("other methods and deeper paths under /api/jobs/hardware stay the jobs area's", async () => {
    // POST is a job run in namespace "hardware": the caller is no member of it.
    const run = await hub.app.request("/api/jobs/hardware", { method: "POST", headers: { ...auth(), "Content-Type": "application/json" }, body: "{}" });
    expect(run.status).toBe(403);
    expect(await run.json()).toEqual({ error: 'You don\'t have access to namespace "hardware"' });
    const job = await hub.app.request("/api/jobs/hardware/0123456789abcdef01234567", { headers: auth() });
    expect(job.status).toBe(404);
    expect(await job.json()).toEqual({ error: "Job 0123456789abcdef01234567 not found in namespace hardware" });
  });

  it("GET /api/jobs/{ns} of the caller is their job list", async () => {
    const res = await hub.app.request(`/api/jobs/${hub.user}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });

  it("a path outside every area is a Hub-shaped 404 naming it", async () => {
    const res = await hub.app.request("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toEqual({ error: "Cannot GET /api/nothing-here" });
  });

  it("each area answers at its prefix: whoami, discovery, avatars, test controls", async () => {
    expect((await hub.app.request("/api/whoami-v2", { headers: auth() })).status).toBe(200);
    const discovery = await hub.app.request("http://hub.test/.well-known/openid-configuration");
    expect(await discovery.json()).toMatchObject({ issuer: "http://hub.test", token_endpoint: "http://hub.test/oauth/token" });
    expect((await hub.app.request("/avatars/local-user.svg")).headers.get("content-type")).toBe("image/svg+xml");
    expect((await hub.app.request("/__test/requests")).status).toBe(401);
    expect((await hub.app.request("/__test/requests", { headers: auth() })).status).toBe(200);
  });
});
