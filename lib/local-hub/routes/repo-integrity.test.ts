import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

// Pentest findings on the repo routes, through app.request: a client's size claim on an LFS commit line,
// and signatures in capability URLs that are not ASCII.
describe("local Hub repo integrity checks", () => {
  let h: InProcessHub;
  const api = (path: string, init: RequestInit & { anonymous?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (!init.anonymous) headers.set("Authorization", `Bearer ${h.token}`);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return h.fetch(`${h.url}${path}`, { ...init, headers });
  };
  const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join("\n");
  beforeAll(async () => {
    h = await startInProcessHub({ dir: mkdtempSync(join(tmpdir(), "lh-repo-integrity-")), testControls: true });
  });
  afterAll(() => h.close());

  it("refuses an lfsFile commit line whose size is not the uploaded object's (400 naming the path), and commits nothing", async () => {
    expect((await api("/api/repos/create", { method: "POST", body: JSON.stringify({ name: "sizes" }) })).status).toBe(200);
    const content = Buffer.from("fifteen bytes!!");
    const oid = createHash("sha256").update(content).digest("hex");
    const batch = (await (await api("/local-user/sizes.git/info/lfs/objects/batch", {
      method: "POST", body: JSON.stringify({ operation: "upload", objects: [{ oid, size: content.length }] }),
    })).json()) as { objects: { actions: { upload: { href: string } } }[] };
    const put = await h.fetch(batch.objects[0].actions.upload.href, { method: "PUT", body: content });
    expect(put.status).toBe(200);
    const commitWith = (size: number) => api("/api/models/local-user/sizes/commit/main", {
      method: "POST", headers: { "Content-Type": "application/x-ndjson" },
      body: ndjson([{ key: "header", value: { summary: "lfs" } }, { key: "lfsFile", value: { path: "w.bin", algo: "sha256", oid, size } }]),
    });
    for (const size of [5_000_000_000, 3]) {
      const res = await commitWith(size);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(new RegExp(`w\\.bin has ${content.length} bytes, not the size ${size}`));
    }
    expect((await api("/local-user/sizes/resolve/main/w.bin", { method: "HEAD" })).status).toBe(404);
    expect((await commitWith(content.length)).status).toBe(200);
    const file = await api("/local-user/sizes/resolve/main/w.bin");
    expect(file.headers.get("X-Linked-Size")).toBe(String(content.length));
    expect(Buffer.from(await file.arrayBuffer()).equals(content)).toBe(true);
  });

  it("answers 403, not 500, to an LFS upload URL or a CAS fetch URL whose sig has the right length in non-ASCII characters", async () => {
    const lfs = await api(`/api/lfs-upload/${"0".repeat(24)}/${"a".repeat(64)}?size=1&exp=9999999999&sig=${encodeURIComponent("é".repeat(64))}`, {
      method: "PUT", body: "x", anonymous: true,
    });
    expect(lfs.status).toBe(403);
    expect(((await lfs.json()) as { error: string }).error).toMatch(/Invalid or expired LFS upload URL/);
    const cas = await api(`/cas/fetch/${"a".repeat(64)}?bytes=0-1&sig=${encodeURIComponent("é".repeat(32))}`, { anonymous: true });
    expect(cas.status).toBe(403);
    expect(((await cas.json()) as { error: string }).error).toMatch(/Invalid or expired fetch URL signature/);
  });

  it("answers 400 to a paths-info JSON body that is not JSON", async () => {
    expect((await api("/api/repos/create", { method: "POST", body: JSON.stringify({ name: "pi" }) })).status).toBe(200);
    const res = await api("/api/models/local-user/pi/paths-info/main", { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/paths-info body must be JSON/);
  });

  it("creates no repo when the files of a create body cannot be committed (file/folder clash)", async () => {
    const res = await api("/api/repos/create", {
      method: "POST", body: JSON.stringify({ name: "clash", files: [{ path: "a", content: "" }, { path: "a/b", content: "" }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/Path a\/b needs a folder a/);
    expect((await api("/api/models/local-user/clash")).status).toBe(404);
    expect((await api("/api/repos/create", { method: "POST", body: JSON.stringify({ name: "clash" }) })).status).toBe(200);
  });
});
