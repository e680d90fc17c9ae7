import { whoAmI } from "@huggingface/hub";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

describe("whoami-v2", () => {
  let hub: InProcessHub;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lh-whoami-"));
    hub = await startInProcessHub({ dir, testControls: true });
  });
  afterAll(() => hub.close());

  it("answers the Hub's shape for the local user, with the org", async () => {
    const me = await whoAmI({ accessToken: hub.token, hubUrl: hub.url, fetch: hub.fetch });
    expect(me.type).toBe("user");
    expect(me.name).toBe("local-user");
    expect(me).toHaveProperty("orgs", [expect.objectContaining({ type: "org", name: "local-org" })]);
    expect(me.auth.accessToken?.role).toBe("write");
    expect(me.auth.accessToken?.createdAt).toBeInstanceOf(Date);
  });

  it("writes the token to {dir}/token, starting with hf_", () => {
    expect(readFileSync(join(dir, "token"), "utf8").trim()).toBe(hub.token);
    expect(hub.token).toMatch(/^hf_/);
  });

  it("answers 401 in the Hub's error format for a bad or missing token", async () => {
    await expect(whoAmI({ accessToken: "hf_not_a_real_token", hubUrl: hub.url, fetch: hub.fetch })).rejects.toMatchObject({ statusCode: 401 });
    const res = await hub.fetch(`${hub.url}/api/whoami-v2`);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it("keeps the same token and user id across a restart", async () => {
    const before = await whoAmI({ accessToken: hub.token, hubUrl: hub.url, fetch: hub.fetch });
    await hub.close();
    hub = await startInProcessHub({ dir, testControls: true });
    const after = await whoAmI({ accessToken: hub.token, hubUrl: hub.url, fetch: hub.fetch });
    expect(after.id).toBe(before.id);
  });
});
