import { createRepo } from "@huggingface/hub";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHub, type RunningLocalHub } from "../start-local-hub";

/**
 * Request bodies over a real socket (routes/helpers.ts `readBody` reads the Node request itself when
 * @hono/node-server serves): with and without a Content-Length, under and over the route's limit
 * (paths-info: 1 MiB, BODY_LIMITS).
 */
describe("request bodies over HTTP", () => {
  let hub: RunningLocalHub;
  let dir: string;
  const url = () => `${hub.url}/api/buckets/local-user/bodies/paths-info`;
  const headers = () => ({ authorization: `Bearer ${hub.token}`, "content-type": "application/json" });
  /** A body sent chunked (no Content-Length), in pieces of at most 64 KiB. */
  const chunked = (text: string): { body: ReadableStream<Uint8Array>; duplex: "half" } => {
    const bytes = new TextEncoder().encode(text);
    let at = 0;
    return {
      duplex: "half",
      body: new ReadableStream({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.subarray(at, (at += 64 * 1024)));
        },
      }),
    };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lh-body-"));
    hub = await startLocalHub({ dir });
    await createRepo({ repo: { type: "bucket", name: "local-user/bodies" }, hubUrl: hub.url, accessToken: hub.token });
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a body with a Content-Length and one sent chunked, the same way", async () => {
    const text = JSON.stringify({ paths: ["a.txt", "b/c.txt"] });
    const sized = await fetch(url(), { method: "POST", headers: headers(), body: text });
    expect(sized.status).toBe(200);
    expect(await sized.json()).toEqual([]);
    const streamed = await fetch(url(), { method: "POST", headers: headers(), ...chunked(text) } as RequestInit);
    expect(streamed.status).toBe(200);
    expect(await streamed.json()).toEqual([]);
  });

  it("answers 413 for a body over the limit, declared or chunked", async () => {
    const big = JSON.stringify({ paths: ["x".repeat(1024 * 1024)] });
    for (const res of [
      await fetch(url(), { method: "POST", headers: headers(), body: big }),
      await fetch(url(), { method: "POST", headers: headers(), ...chunked(big) } as RequestInit),
    ]) {
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual(expect.objectContaining({ error: expect.stringContaining("1048576 bytes") }));
    }
    // The Hub still answers afterwards.
    expect((await fetch(url(), { method: "POST", headers: headers(), body: JSON.stringify({ paths: [] }) })).status).toBe(200);
  });
});
