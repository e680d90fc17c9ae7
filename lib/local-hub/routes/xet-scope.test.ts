import { createRepo, pathsInfo, uploadFiles } from "@huggingface/hub";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

/** A xet token works for the bucket it was issued for only, even with a file hash in hand (issue 9, item 4). */
describe("xet tokens are bound to their bucket", () => {
  let hub: InProcessHub;
  let otherToken: string;
  let secretHash: string;
  const xetToken = async (bucket: string, mode: "read" | "write", token: string) => {
    const res = await hub.fetch(`${hub.url}/api/buckets/${bucket}/xet-${mode}-token`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };

  beforeAll(async () => {
    hub = await startInProcessHub({ dir: mkdtempSync(join(tmpdir(), "lh-xet-scope-")), testControls: true });
    const victim = { hubUrl: hub.url, accessToken: hub.token, fetch: hub.fetch };
    await createRepo({ repo: { type: "bucket", name: "local-user/private-a" }, private: true, ...victim });
    await uploadFiles({ repo: { type: "bucket", name: "local-user/private-a" }, ...victim, files: [{ path: "secret.bin", content: new Blob(["the victim's secret bytes"]) }] });
    const [info] = await pathsInfo({ repo: { type: "bucket", name: "local-user/private-a" }, ...victim, paths: ["secret.bin"] });
    expect(info?.xetHash).toMatch(/^[0-9a-f]{64}$/);
    secretHash = info?.xetHash ?? "";
    otherToken = ((await (await hub.fetch(`${hub.url}/__test/users`, { method: "POST", body: JSON.stringify({ name: "attacker" }), headers: { authorization: `Bearer ${hub.token}` } })).json()) as { token: string }).token;
    await createRepo({ repo: { type: "bucket", name: "attacker/mine" }, private: true, hubUrl: hub.url, fetch: hub.fetch, accessToken: otherToken });
  });
  afterAll(() => hub.close());

  it("answers 403 to a reconstruction of another bucket's file, 200 with that bucket's token", async () => {
    const mine = await xetToken("attacker/mine", "read", otherToken);
    for (const v of ["v1", "v2"]) {
      const res = await hub.fetch(`${hub.url}/cas/${v}/reconstructions/${secretHash}`, { headers: { authorization: `Bearer ${mine}` } });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/xet token is for bucket attacker\/mine/);
    }
    const own = await xetToken("local-user/private-a", "read", hub.token);
    expect((await hub.fetch(`${hub.url}/cas/v1/reconstructions/${secretHash}`, { headers: { authorization: `Bearer ${own}` } })).status).toBe(200);
  });

  it("refuses to commit another bucket's hash (addFile) or copy a hash the source bucket does not hold", async () => {
    const batch = (lines: object[]) => hub.fetch(`${hub.url}/api/buckets/attacker/mine/batch`, {
      method: "POST", headers: { authorization: `Bearer ${otherToken}`, "content-type": "application/x-ndjson" },
      body: lines.map((l) => JSON.stringify(l)).join("\n") + "\n",
    });
    const add = await batch([{ type: "addFile", path: "stolen.bin", xetHash: secretHash }]);
    expect(add.status).toBe(422);
    expect(((await add.json()) as { failed: { error: string }[] }).failed[0].error).toMatch(/Unknown xetHash .* for bucket attacker\/mine/);
    const copy = await batch([{ type: "copyFile", path: "stolen.bin", xetHash: secretHash, sourceRepoType: "bucket", sourceRepoId: "attacker/mine" }]);
    expect(copy.status).toBe(422);
    expect(((await copy.json()) as { failed: { error: string }[] }).failed[0].error).toMatch(/has no file with xetHash/);
    const listed = (await (await hub.fetch(`${hub.url}/api/buckets/attacker/mine/tree`, { headers: { authorization: `Bearer ${otherToken}` } })).json()) as unknown[];
    expect(listed).toEqual([]);
  });
});
