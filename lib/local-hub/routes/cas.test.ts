import { createRepo } from "@huggingface/hub";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

const HELLO_XORB_HASH = "4e39378b9d359f118190557a1f44130219a54e5fcfa07bd96cf50b466fe651b1";
const HELLO_XORB = Buffer.from("000b0000000b000068656c6c6f20776f726c64", "hex");
const HELLO_FILE_HASH = "f15edd43b7e85cfd25e2758ffe13b99fdd09dfa817e8d9f6548722a7a126db7f";
/** The captured JS shard of "hello world", without its footer (specs/hub-buckets-xet.md §5.5). */
const HELLO_SHARD_HEX = `
48465265706f4d6574614461746100556967456a7b815783a5bdd95ccdd14aa9 0200000000000000 0000000000000000
fd5ce8b743dd5ef19fb913fe8f75e225f6d9e817a8df09dd7fdb26a1a7228754 00000080 01000000 0000000000000000
119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c 00000000 0b000000 00000000 01000000
30ea5cffdc2fef220c8aed157ead426e5846c32e7d9e785eda47689458270dc1 00000000000000000000000000000000
${"ff".repeat(32)}${"00".repeat(16)}
119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c 00000000 01000000 0b000000 13000000
119f359d8b37394e0213441f7a559081d97ba0cf5f4ea519b151e66f460bf56c 00000000 0b000000 0000000000000000
${"ff".repeat(32)}${"00".repeat(16)}`;

describe("bad input to buckets and the CAS changes nothing", () => {
  let hub: InProcessHub;
  let dir: string;
  let xetToken: string;
  const auth = () => ({ authorization: `Bearer ${hub.token}` });
  const cas = (path: string, init: RequestInit = {}) =>
    hub.fetch(`${hub.url}/cas${path}`, { ...init, headers: { authorization: `Bearer ${xetToken}`, ...(init.headers as Record<string, string>) } });
  const expectHubError = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(expect.objectContaining({ error: expect.any(String) }));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lh-cas-"));
    hub = await startInProcessHub({ dir, testControls: true });
    await createRepo({ repo: { type: "bucket", name: "local-user/bad" }, hubUrl: hub.url, accessToken: hub.token, fetch: hub.fetch });
    const tok = (await (await hub.fetch(`${hub.url}/api/buckets/local-user/bad/xet-write-token`, { headers: auth() })).json()) as { accessToken: string; casUrl: string; exp: number };
    expect(tok.casUrl).toBe(`${hub.url}/cas`);
    expect(tok.exp).toBeGreaterThan(Date.now() / 1000 + 3600);
    xetToken = tok.accessToken;
  });
  afterAll(() => hub.close());

  it("answers the dedup probe with 404 and stores a xorb idempotently", async () => {
    expect((await cas(`/v1/chunks/default/${HELLO_XORB_HASH}`)).status).toBe(404);
    expect(await (await cas(`/v1/xorbs/default/${HELLO_XORB_HASH}`, { method: "POST", body: HELLO_XORB })).json()).toEqual({ was_inserted: true });
    expect(await (await cas(`/v1/xorbs/default/${HELLO_XORB_HASH}`, { method: "POST", body: HELLO_XORB })).json()).toEqual({ was_inserted: false });
  });

  it("rejects malformed or mismatching xorbs and shards with 400, storing nothing", async () => {
    const other = "1".repeat(64);
    await expectHubError(await cas(`/v1/xorbs/default/${other}`, { method: "POST", body: HELLO_XORB }), 400);
    await expectHubError(await cas(`/v1/xorbs/default/${other}`, { method: "POST", body: HELLO_XORB.subarray(0, 12) }), 400);
    await expectHubError(await cas(`/v1/xorbs/default/NOTHEX`, { method: "POST", body: HELLO_XORB }), 400);
    expect(readdirSync(join(dir, "xorbs")).flatMap((d) => readdirSync(join(dir, "xorbs", d)))).toEqual([HELLO_XORB_HASH]);
    await expectHubError(await cas(`/v1/shards`, { method: "POST", body: Buffer.from("not a shard at all, far too short") }), 400);
    const noToken = await hub.fetch(`${hub.url}/cas/v1/shards`, { method: "POST", body: "x" });
    expect(noToken.status).toBe(401);
  });

  it("answers 422 with failed entries for a batch naming an unknown xetHash, applying nothing", async () => {
    const body = [
      { type: "addFile", path: "a.txt", xetHash: "2".repeat(64) },
      { type: "deleteFile", path: "whatever.txt" },
    ].map((l) => JSON.stringify(l)).join("\n");
    const res = await hub.fetch(`${hub.url}/api/buckets/local-user/bad/batch`, { method: "POST", headers: { ...auth(), "content-type": "application/x-ndjson" }, body });
    expect(res.status).toBe(422);
    const json = (await res.json()) as { success: boolean; failed: { path: string }[] };
    expect(json.success).toBe(false);
    expect(json.failed.map((f) => f.path).sort()).toEqual(["a.txt", "whatever.txt"]);
  });

  it("rejects bad bucket paths with 400: '..', leading '/', backslash, NUL", async () => {
    for (const path of ["../x", "a/../b", "/abs", "a\\b", "a\u0000b", "a//b"]) {
      const line = JSON.stringify({ type: "addFile", path, xetHash: "0".repeat(64) });
      const res = await hub.fetch(`${hub.url}/api/buckets/local-user/bad/batch`, { method: "POST", headers: auth(), body: line });
      await expectHubError(res, 400);
    }
    await expectHubError(await hub.fetch(`${hub.url}/buckets/local-user/bad/resolve/a%2F..%2F..%2Fhub.sqlite`, { headers: auth() }), 400);
    await expectHubError(await hub.fetch(`${hub.url}/api/buckets/local-user/bad/tree/a%5Cb`, { headers: auth() }), 400);
    const tree = (await (await hub.fetch(`${hub.url}/api/buckets/local-user/bad/tree`, { headers: auth() })).json()) as unknown[];
    expect(tree).toEqual([]);
  });

  it("answers 413 for bodies over the documented limits", async () => {
    await expectHubError(await hub.fetch(`${hub.url}/api/buckets/local-user/bad/paths-info`, {
      method: "POST", headers: { ...auth(), "content-type": "application/json" }, body: JSON.stringify({ paths: ["x".repeat(1024 * 1024)] }),
    }), 413);
    await expectHubError(await cas(`/v1/xorbs/default/${"3".repeat(64)}`, { method: "POST", body: new Uint8Array(65 * 1024 * 1024 + 1) }), 413);
  });

  it("answers 404 for the reconstruction of an unknown file hash", async () => {
    await expectHubError(await cas(`/v2/reconstructions/${"4".repeat(64)}`), 404);
  });

  it("serves xorb bytes only through signed fetch URLs, within the signed range", async () => {
    const shard = Buffer.from(HELLO_SHARD_HEX.replace(/\s+/g, ""), "hex");
    // a file record whose hash does not recompute from its chunks, or naming an unknown xorb: 400, nothing registered
    const wrongFileHash = Buffer.from(shard);
    wrongFileHash[48] ^= 1;
    await expectHubError(await cas(`/v1/shards`, { method: "POST", body: wrongFileHash }), 400);
    const unknownXorb = Buffer.from(shard);
    unknownXorb[96] ^= 1;
    await expectHubError(await cas(`/v1/shards`, { method: "POST", body: unknownXorb }), 400);
    await expectHubError(await cas(`/v2/reconstructions/${HELLO_FILE_HASH}`), 404);
    expect(await (await cas(`/v1/shards`, { method: "POST", body: shard })).json()).toEqual({ result: 1 });
    const rec = (await (await cas(`/v2/reconstructions/${HELLO_FILE_HASH}`, { headers: { range: "bytes=0-10" } })).json()) as {
      terms: { hash: string; unpacked_length: number }[]; xorbs: Record<string, { url: string; ranges: { bytes: { start: number; end: number } }[] }[]>;
    };
    expect(rec.terms).toEqual([{ hash: HELLO_XORB_HASH, unpacked_length: 11, range: { start: 0, end: 1 } }]);
    const [entry] = rec.xorbs[HELLO_XORB_HASH];
    expect(entry.ranges[0].bytes).toEqual({ start: 0, end: 18 });
    const ok = await hub.fetch(entry.url, { headers: { range: "bytes=0-18" } });
    expect(ok.status).toBe(206);
    expect(Buffer.from(await ok.arrayBuffer()).equals(HELLO_XORB)).toBe(true);
    expect((await hub.fetch(entry.url.replace(/sig=[^&]+/, "sig=0"))).status).toBe(403);
    expect((await hub.fetch(entry.url.replace("bytes=0-18", "bytes=0-30"))).status).toBe(403);
    expect((await hub.fetch(`${hub.url}/cas/fetch/${HELLO_XORB_HASH}?bytes=0-18`)).status).toBe(403);
  });
});
