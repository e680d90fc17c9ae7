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

  it("repo areas: /api/repos holds the bucket move and repo create/delete; /api/{type}s the repo API", async () => {
    const json = { ...auth(), "Content-Type": "application/json" };
    const move = await hub.app.request("/api/repos/move", { method: "POST", headers: json, body: JSON.stringify({ fromRepo: "a/b", toRepo: "a/c", type: "model" }) });
    expect(move.status).toBe(400);
    expect(await move.json()).toEqual({ error: 'type "model": the local Hub hosts buckets only, so only type "bucket" can be moved' });
    for (const [type, name] of [["model", "m"], ["dataset", "d"], ["space", "s"]]) {
      const created = await hub.app.request("http://hub.test/api/repos/create", {
        method: "POST", headers: json,
        body: JSON.stringify({ name, type, files: [{ path: "f.txt", content: Buffer.from(`${type} file`).toString("base64"), encoding: "base64" }] }),
      });
      expect(created.status).toBe(200);
      const prefix = type === "model" ? "" : `${type}s/`;
      expect(await created.json()).toMatchObject({ url: `http://hub.test/${prefix}local-user/${name}`, name: `local-user/${name}` });
      const info = await hub.app.request(`/api/${type}s/local-user/${name}`, { headers: auth() });
      expect(await info.json()).toMatchObject({ id: `local-user/${name}` });
      const list = await hub.app.request(`/api/${type}s?author=local-user`, { headers: auth() });
      expect(((await list.json()) as { id: string }[]).map((r) => r.id)).toEqual([`local-user/${name}`]);
    }
  });

  it("resolve paths: /{ns}/{name} is a model, /datasets/… and /spaces/… their repos, /buckets/… a bucket file or page", async () => {
    const file = async (path: string) => {
      const res = await hub.app.request(path, { headers: auth() });
      return { status: res.status, body: await res.text() };
    };
    expect(await file("/local-user/m/resolve/main/f.txt")).toEqual({ status: 200, body: "model file" });
    expect(await file("/datasets/local-user/d/resolve/main/f.txt")).toEqual({ status: 200, body: "dataset file" });
    expect(await file("/spaces/local-user/s/raw/main/f.txt")).toEqual({ status: 200, body: "space file" });
    // No model "datasets/local-user": the datasets area answers, for its dataset "local-user/d".
    expect((await file("/datasets/local-user/resolve/main/f.txt")).status).toBe(404);
    const bucket = await hub.app.request("/api/buckets/local-user/resolve", { method: "POST", headers: { ...auth(), "Content-Type": "application/json" }, body: "{}" });
    expect(bucket.status).toBe(200);
    // `/buckets/local-user/resolve/resolve/x` is bucket local-user/resolve's file x, not model "buckets/local-user"'s
    const missing = await hub.app.request("/buckets/local-user/resolve/resolve/x", { headers: auth() });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(await missing.json()).toEqual({ error: "Entry not found: x" });
    const model404 = await hub.app.request("/buckets/local-user/resolve/main/x", { headers: auth() });
    expect(model404.headers.get("x-error-code")).toBe("RepoNotFound");
    const page = await hub.app.request("/buckets/local-user/resolve", { headers: auth() });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
