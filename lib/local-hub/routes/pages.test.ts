import { createRepo, uploadFiles } from "@huggingface/hub";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessHub, type InProcessHub } from "../in-process-hub";

const EVIL = "<img src=x onerror=alert(1)>.txt";

describe("bucket folder page", () => {
  let hub: InProcessHub;
  const base = () => `${hub.url}/buckets/local-user/site`;

  beforeAll(async () => {
    hub = await startInProcessHub({ dir: mkdtempSync(join(tmpdir(), "lh-pages-")), testControls: true });
    const creds = { hubUrl: hub.url, accessToken: hub.token, fetch: hub.fetch };
    await createRepo({ repo: { type: "bucket", name: "local-user/site" }, ...creds });
    await uploadFiles({
      repo: { type: "bucket", name: "local-user/site" }, ...creds,
      files: [
        { path: "run 1/out.txt", content: new Blob(["hello"]) },
        { path: `run 1/${EVIL}`, content: new Blob(["x"]) },
        { path: "b-file.bin", content: new Blob([new Uint8Array(2048)]) },
        { path: "a-dir/x.txt", content: new Blob(["y"]) },
      ],
    });
  });
  afterAll(() => hub.close());

  it("serves the default avatar that whoami's avatarUrl points at, with the name escaped", async () => {
    const me = (await (await hub.fetch(`${hub.url}/api/whoami-v2`, { headers: { authorization: `Bearer ${hub.token}` } })).json()) as {
      avatarUrl: string;
    };
    const res = await hub.fetch(new URL(me.avatarUrl, hub.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toContain(">L</text>");
    const evil = await (await hub.fetch(`${hub.url}/avatars/${encodeURIComponent("<script>")}.svg`)).text();
    expect(evil).toContain("&lt;");
    expect(evil).not.toContain("<script>");
  });

  it("lists one level, folders first, with links, sizes and escaped names", async () => {
    const root = await hub.fetch(base(), { headers: { authorization: `Bearer ${hub.token}` } });
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await root.text();
    const order = ["a-dir/", "run 1/", "b-file.bin"].map((n) => html.indexOf(`>${n}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('href="/buckets/local-user/site/tree/run%201"');
    expect(html).toContain('href="/buckets/local-user/site/resolve/b-file.bin"');
    expect(html).toContain("2.0 kB");

    const sub = await (await hub.fetch(`${base()}/tree/run%201`, { headers: { authorization: `Bearer ${hub.token}` } })).text();
    expect(sub).not.toContain("<img");
    expect(sub).toContain("&lt;img src=x onerror=alert(1)&gt;.txt");
    expect(sub).toContain(`href="/buckets/local-user/site/resolve/run%201/${encodeURIComponent(EVIL)}"`);
    expect(sub).toContain('<a href="/buckets/local-user/site">local-user/site</a> / <strong>run 1</strong>');
  });

  it("shows a sign-in form to anonymous visitors of a private bucket, and the cookie then opens the page and downloads", async () => {
    const anon = await hub.fetch(`${base()}/tree/run%201`);
    expect(anon.status).toBe(401);
    const form = await anon.text();
    expect(form).toContain('action="/buckets/local-user/site/sign-in"');
    expect(form).not.toContain(hub.token);

    const bad = await hub.fetch(`${base()}/sign-in`, { method: "POST", body: new URLSearchParams({ token: "hf_wrong", next: "/buckets/local-user/site/tree/run%201" }), redirect: "manual" });
    expect(bad.status).toBe(401);

    const ok = await hub.fetch(`${base()}/sign-in`, {
      method: "POST", body: new URLSearchParams({ token: hub.token, next: "/buckets/local-user/site/tree/run%201" }), redirect: "manual",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/buckets/local-user/site/tree/run%201");
    const setCookie = ok.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^hub_token=hf_[^;]+; HttpOnly; SameSite=Lax; Path=\/$/);
    const cookie = setCookie.split(";")[0];

    const page = await hub.fetch(`${base()}/tree/run%201`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(">out.txt</a>");
    const dl = await hub.fetch(`${base()}/resolve/run%201/out.txt`, { headers: { cookie } });
    expect(dl.status).toBe(200);
    expect(await dl.text()).toBe("hello");
    expect(dl.headers.get("content-security-policy")).toBe("sandbox");
    expect((await hub.fetch(`${base()}/resolve/run%201/out.txt`)).status).toBe(401);
  });

  it("never redirects outside the bucket after sign-in, and 404s for another user's private bucket", async () => {
    const res = await hub.fetch(`${base()}/sign-in`, { method: "POST", body: new URLSearchParams({ token: hub.token, next: "https://evil.example/" }), redirect: "manual" });
    expect(res.headers.get("location")).toBe("/buckets/local-user/site");
    const other = (await (await hub.fetch(`${hub.url}/__test/users`, { method: "POST", body: JSON.stringify({ name: "nosy" }), headers: { authorization: `Bearer ${hub.token}` } })).json()) as { token: string };
    expect((await hub.fetch(base(), { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(404);
    expect((await hub.fetch(`${base()}/tree/nope`, { headers: { authorization: `Bearer ${hub.token}` } })).status).toBe(404);
  });
});
