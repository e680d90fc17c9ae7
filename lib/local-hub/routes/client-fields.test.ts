import { createRepo, createScheduledJob, getJob, oauthHandleRedirect, oauthLoginUrl, runJob, whoAmI } from "@huggingface/hub";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "../../../test-support/jobs-hub";
import { bucketFolderOnDisk } from "../store/buckets";

/**
 * What the official clients send that older local Hubs refused or ignored (issue 10, item 5): the
 * 2.x job-spec fields, bare schedule macros, bucket settings and move (huggingface_hub hf_api.py
 * `update_bucket_settings`, `move_bucket`), and OAuth public clients (@huggingface/hub
 * `oauthLoginUrl` + `oauthHandleRedirect`).
 */
describe("fields and calls the official clients send", () => {
  let t: JobsHub;
  let other: { name: string; token: string };
  beforeAll(async () => {
    t = await startJobsHub();
    other = (await (await t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: "someone-else" }) })).json()) as { name: string; token: string };
  });
  afterAll(() => t.hub.close());

  const spec = { dockerImage: "python:3.12", flavor: "cpu-basic" as const, command: ["python3", "-c", "print(1)"] };

  it("accepts, stores and echoes arch, attempts and resourceGroupId on jobs and scheduled jobs", async () => {
    const viaJs = await runJob({ ...t.base, ...spec, arch: "arm64", attempts: 3 });
    expect(viaJs).toMatchObject({ arch: "arm64", attempts: 3 });
    const raw = await t.api(`/api/jobs/local-user`, { method: "POST", body: JSON.stringify({ ...spec, arch: "amd64", attempts: 2, resourceGroupId: "66670e5163145ca562cb1988" }) });
    expect(raw.status).toBe(200);
    const id = ((await raw.json()) as { id: string }).id;
    expect(await getJob({ ...t.base, jobId: id })).toMatchObject({ arch: "amd64", attempts: 2, resourceGroupId: "66670e5163145ca562cb1988" });
    const sj = await t.api(`/api/scheduled-jobs/local-user`, {
      method: "POST", body: JSON.stringify({ schedule: "@daily", suspend: true, jobSpec: { ...spec, arch: "arm64", attempts: 4, resourceGroupId: "rg-1" } }),
    });
    expect(sj.status).toBe(200);
    expect(await sj.json()).toMatchObject({ jobSpec: { arch: "arm64", attempts: 4, resourceGroupId: "rg-1" } });
  });

  it("still refuses a truly unknown spec field with a 400 naming it", async () => {
    const res = await t.api(`/api/jobs/local-user`, { method: "POST", body: JSON.stringify({ ...spec, gpuCount: 2 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^gpuCount is not a job spec field/);
    const bad = await t.api(`/api/jobs/local-user`, { method: "POST", body: JSON.stringify({ ...spec, attempts: 0 }) });
    expect(((await bad.json()) as { error: string }).error).toBe("attempts must be a positive integer");
  });

  it.each(["hourly", "daily", "weekly", "monthly", "yearly", "annually"])("accepts the bare macro %j like its @ form", async (macro) => {
    // ApiScheduledJob does not type `status`; the wire object has it (specs/hub-jobs-api.md §8.2).
    const next = (sj: object) => (sj as { status?: { nextJobRunAt?: string | null } }).status?.nextJobRunAt;
    const bare = await createScheduledJob({ ...t.base, schedule: macro, suspend: true, jobSpec: spec });
    const at = await createScheduledJob({ ...t.base, schedule: `@${macro}`, suspend: true, jobSpec: spec });
    expect(bare.schedule).toBe(macro);
    expect(next(bare)).toBeTruthy();
    expect(next(bare)).toBe(next(at));
  });

  it("updates a bucket's visibility with PUT /api/buckets/{id}/settings", async () => {
    await createRepo({ repo: { type: "bucket", name: "local-user/vis" }, ...t.base });
    const asOther = () => fetch(`${t.base.hubUrl}/api/buckets/local-user/vis`, { headers: { authorization: `Bearer ${other.token}` } });
    expect((await asOther()).status).toBe(404);
    const pub = await t.api(`/api/buckets/local-user/vis/settings`, { method: "PUT", body: JSON.stringify({ private: false }) });
    expect(pub.status).toBe(200);
    expect(await pub.json()).toMatchObject({ id: "local-user/vis", private: false });
    expect((await asOther()).status).toBe(200);
    await t.api(`/api/buckets/local-user/vis/settings`, { method: "PUT", body: JSON.stringify({ private: true }) });
    expect((await asOther()).status).toBe(404);
    const bad = await t.api(`/api/buckets/local-user/vis/settings`, { method: "PUT", body: JSON.stringify({ private: "yes" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/private/);
    const forbidden = await t.api(`/api/buckets/local-user/vis/settings`, { method: "PUT", token: other.token, body: JSON.stringify({ private: false }) });
    expect(forbidden.status).toBe(404);
  });

  it("moves a bucket with POST /api/repos/move (files and all), refusing a taken name or a foreign namespace", async () => {
    await createRepo({ repo: { type: "bucket", name: "local-user/old-name" }, ...t.base });
    writeFileSync(join(bucketFolderOnDisk(t.hub.hub.ctx, "local-user/old-name", "run"), "out.txt"), "kept across the move\n");
    const move = (body: unknown, token?: string) => t.api(`/api/repos/move`, { method: "POST", token, body: JSON.stringify(body) });
    const res = await move({ fromRepo: "local-user/old-name", toRepo: "local-org/new-name", type: "bucket" });
    expect(res.status).toBe(200);
    expect((await t.api(`/api/buckets/local-user/old-name`)).status).toBe(404);
    expect(await (await t.api(`/api/buckets/local-org/new-name`)).json()).toMatchObject({ id: "local-org/new-name", totalFiles: 1 });
    const moved = await t.api(`/buckets/local-org/new-name/resolve/run/out.txt`);
    expect(await moved.text()).toBe("kept across the move\n");

    await createRepo({ repo: { type: "bucket", name: "local-user/taken" }, ...t.base });
    expect((await move({ fromRepo: "local-org/new-name", toRepo: "local-user/taken", type: "bucket" })).status).toBe(409);
    expect((await move({ fromRepo: "local-org/new-name", toRepo: "someone-else/mine", type: "bucket" })).status).toBe(403);
    expect((await move({ fromRepo: "local-org/new-name", toRepo: "local-user/x", type: "model" })).status).toBe(400);
    expect((await move({ fromRepo: "local-org/new-name", toRepo: "local-user/x", type: "bucket" }, other.token)).status).toBe(404);
  });

  it("creates a bucket in the caller's namespace for `me` (huggingface_hub create_bucket without a namespace)", async () => {
    const res = await t.api(`/api/buckets/me/mine`, { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: "local-user/mine", url: `${t.base.hubUrl}/buckets/local-user/mine` });
  });

  describe("OAuth public clients", () => {
    const REDIRECT = "http://localhost:3998/oauth/callback";
    let clientId: string;
    beforeAll(async () => {
      const res = await t.api(`/__test/oauth/public-clients`, { method: "POST", body: JSON.stringify({ redirectUris: [REDIRECT] }) });
      clientId = ((await res.json()) as { clientId: string }).clientId;
    });

    /** oauthLoginUrl → consent page → Allow; returns the URL the browser lands on and the stored verifier. */
    async function signIn(scopes: string) {
      const storage: { codeVerifier?: string; nonce?: string } = {};
      const url = await oauthLoginUrl({ clientId, hubUrl: t.base.hubUrl, redirectUrl: REDIRECT, scopes, localStorage: storage });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const fields: Record<string, string> = {};
      for (const m of (await page.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
        fields[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      }
      const allow = await fetch(`${t.base.hubUrl}/oauth/authorize`, {
        method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: t.base.hubUrl },
        body: new URLSearchParams({ ...fields, decision: "allow" }),
      });
      expect(allow.status).toBe(302);
      return { redirectedUrl: allow.headers.get("location") ?? "", nonce: storage.nonce ?? "", codeVerifier: storage.codeVerifier ?? "" };
    }

    it("signs in with oauthLoginUrl + oauthHandleRedirect: PKCE, no secret, a working Hub token", async () => {
      const landed = await signIn("openid profile jobs");
      const result = await oauthHandleRedirect({ hubUrl: t.base.hubUrl, ...landed });
      expect(result.userInfo.preferred_username).toBe("local-user");
      expect(result.scope).toBe("openid profile jobs");
      expect(await whoAmI({ accessToken: result.accessToken, hubUrl: t.base.hubUrl })).toMatchObject({ name: "local-user" });
    });

    it("refuses a public client's code without the right code_verifier", async () => {
      const landed = await signIn("openid profile");
      const code = new URL(landed.redirectedUrl).searchParams.get("code") ?? "";
      const res = await fetch(`${t.base.hubUrl}/oauth/token`, {
        method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: "x".repeat(43) }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_grant" });
    });

    it("revokes the token a code issued when that code is replayed (RFC 6749 §4.1.2)", async () => {
      const landed = await signIn("openid profile jobs");
      const code = new URL(landed.redirectedUrl).searchParams.get("code") ?? "";
      const exchange = () => fetch(`${t.base.hubUrl}/oauth/token`, {
        method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: landed.codeVerifier }),
      });
      const first = await exchange();
      expect(first.status).toBe(200);
      const { access_token: token } = (await first.json()) as { access_token: string };
      expect((await fetch(`${t.base.hubUrl}/api/whoami-v2`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const replay = await exchange();
      expect(replay.status).toBe(400);
      expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
      expect((await fetch(`${t.base.hubUrl}/api/whoami-v2`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    });

    it("accepts exactly the Hub's documented scopes", async () => {
      const documented = "openid profile email read-billing read-repos contribute-repos write-repos manage-repos inference-api jobs webhooks write-discussions";
      const ok = await fetch(await oauthLoginUrl({ clientId, hubUrl: t.base.hubUrl, redirectUrl: REDIRECT, scopes: documented, localStorage: {} }), { redirect: "manual" });
      expect(ok.status).toBe(200);
      const doc = (await (await fetch(`${t.base.hubUrl}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
      expect(doc.scopes_supported.join(" ")).toBe(documented);
      for (const wrong of ["write-jobs", "read-jobs", "admin"]) {
        const res = await fetch(await oauthLoginUrl({ clientId, hubUrl: t.base.hubUrl, redirectUrl: REDIRECT, scopes: `openid ${wrong}`, localStorage: {} }), { redirect: "manual" });
        expect(res.status).toBe(302);
        expect(new URL(res.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_scope");
      }
    });
  });
});
