import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join("\n");

// Bounded work on repo routes (pentest): each case failed (froze the Hub or did unbounded work) before its fix.
describe("local Hub repo routes bound their work", () => {
  let h: InProcessHub;
  const api = (path: string, init: RequestInit & { anon?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (!init.anon) headers.set("Authorization", `Bearer ${h.token}`);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return h.fetch(`${h.url}${path}`, { ...init, headers });
  };
  const commitLines = (repo: string, lines: unknown[]) =>
    api(`/api/models/${repo}/commit/main`, { method: "POST", body: ndjson([{ key: "header", value: { summary: "t" } }, ...lines]), headers: { "Content-Type": "application/x-ndjson" } });
  beforeAll(async () => {
    h = await startInProcessHub({ dir: mkdtempSync(join(tmpdir(), "lh-repo-limits-")), testControls: true });
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
});
