import { mkdtempSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join("\n");

// Bounded work on repo routes (pentest): each case failed (froze the Hub or did unbounded work) before its fix.
describe("local Hub repo routes bound their work", () => {
  let h: InProcessHub;
  const dir = mkdtempSync(join(tmpdir(), "lh-repo-limits-"));
  const api = (path: string, init: RequestInit & { anon?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (!init.anon) headers.set("Authorization", `Bearer ${h.token}`);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return h.fetch(`${h.url}${path}`, { ...init, headers });
  };
  const commitLines = (repo: string, lines: unknown[]) =>
    api(`/api/models/${repo}/commit/main`, { method: "POST", body: ndjson([{ key: "header", value: { summary: "t" } }, ...lines]), headers: { "Content-Type": "application/x-ndjson" } });
  beforeAll(async () => {
    h = await startInProcessHub({ dir, testControls: true });
  });
  afterAll(() => h.close());

  it("preupload matches a backtracking-prone .gitattributes pattern against a long path at once", async () => {
    expect((await api("/api/repos/create", { method: "POST", body: JSON.stringify({ name: "redos" }) })).status).toBe(200);
    const put = await commitLines("local-user/redos", [{ key: "file", value: { path: ".gitattributes", content: b64("**a**a**c filter=lfs\n"), encoding: "base64" } }]);
    expect(put.status).toBe(200);
    const long = "a".repeat(1000);
    const res = await api("/api/models/local-user/redos/preupload/main", {
      method: "POST", body: JSON.stringify({ files: [{ path: long, size: 5, sample: b64("hello") }, { path: `${long}c`, size: 5, sample: b64("hello") }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { files: { uploadMode: string }[] };
    expect(body.files.map((f) => f.uploadMode)).toEqual(["regular", "lfs"]);
  });

  it("a commit takes at most 25000 file lines (400 naming the limit) and does not rewrite stored blobs", async () => {
    expect((await api("/api/repos/create", { method: "POST", body: JSON.stringify({ name: "many" }) })).status).toBe(200);
    const line = (i: number) => ({ key: "file", value: { path: `f/${i}.txt`, content: b64("same"), encoding: "base64" } });
    const over = await commitLines("local-user/many", Array.from({ length: 25_001 }, (_, i) => line(i)));
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: string }).error).toMatch(/at most 25000 file operations/);
    const files = await api("/api/models/local-user/many/tree/main?recursive=true");
    expect(((await files.json()) as unknown[]).length).toBe(1); // .gitattributes only: nothing half-done

    expect((await commitLines("local-user/many", Array.from({ length: 2000 }, (_, i) => line(i)))).status).toBe(200);
    const blob = join(dir, "repo-blobs", createHash("sha256").update("same").digest("hex").slice(0, 2), createHash("sha256").update("same").digest("hex"));
    const before = statSync(blob);
    expect((await commitLines("local-user/many", [{ key: "file", value: { path: "g.txt", content: b64("same"), encoding: "base64" } }])).status).toBe(200);
    // Contents are immutable and named by sha256: an existing blob is not written (and renamed over) again.
    expect(statSync(blob).ino).toBe(before.ino);
    const got = await api("/local-user/many/resolve/main/f/1999.txt");
    expect(await got.text()).toBe("same");
  });

  it("answers paths-info from one map of files and folders, and refuses more than 10000 paths", async () => {
    expect((await api("/api/repos/create", { method: "POST", body: JSON.stringify({ name: "pinfo" }) })).status).toBe(200);
    expect((await commitLines("local-user/pinfo", ["a/b/c.txt", "a/d.txt", "e.txt"].map((path) => ({ key: "file", value: { path, content: b64(path), encoding: "base64" } })))).status).toBe(200);
    const form = (paths: string[]) => api("/api/models/local-user/pinfo/paths-info/main", {
      method: "POST", anon: true, body: paths.map((p) => `paths=${encodeURIComponent(p)}`).join("&"), headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const res = await form(["a", "a/b/", "a/b/c.txt", "e.txt", "missing", "a/b/c", "a/d"]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string; path: string }[]).map((e) => `${e.type}:${e.path}`)).toEqual([
      "directory:a", "directory:a/b", "file:a/b/c.txt", "file:e.txt",
    ]);
    const tooMany = await form(Array.from({ length: 10_001 }, (_, i) => `p${i}`));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: string }).error).toMatch(/at most 10000 paths/);
  });

  it("lists repos with their head sha without reading file lists", async () => {
    const res = await api("/api/models?author=local-user", { anon: true });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string; sha: string; lastModified: string }[];
    const info = (await (await api("/api/models/local-user/pinfo", { anon: true })).json()) as { sha: string; lastModified: string };
    expect(list.find((r) => r.id === "local-user/pinfo")).toMatchObject({ sha: info.sha, lastModified: info.lastModified });
  });
});
