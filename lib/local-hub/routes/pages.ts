import type { Context } from "hono";
import { Hono } from "hono";
import type { HubContext } from "../context";
import { HubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { getFileEntry, isFolder, listEntries } from "../store/bucket-files";
import { type Bucket, requireBucket, validateBucketPath } from "../store/buckets";
import { bucketIdOf, callerWithCookie, HUB_TOKEN_COOKIE, pathAfter, readBody } from "./helpers";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);
}

/** A bucket path as a URL path: each segment percent-encoded, `/` kept (spec §3.8 `quote(path, safe="/")`). */
function urlPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

function page(title: string, body: string, status = 200): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111}
nav a{color:#2563eb}table{border-collapse:collapse;width:100%}td,th{padding:.3rem .6rem;border-bottom:1px solid #e5e7eb;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}a{color:#2563eb;text-decoration:none}a:hover{text-decoration:underline}
.muted{color:#6b7280}form{display:flex;gap:.5rem;margin-top:1rem}input{flex:1;padding:.4rem}
</style></head><body>${body}</body></html>`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
  });
}

function breadcrumbs(bucket: Bucket, path: string): string {
  const parts = path ? path.split("/") : [];
  const crumbs = [`<a href="/buckets/${urlPath(bucket.fullName)}">${escapeHtml(bucket.fullName)}</a>`];
  parts.forEach((seg, i) => {
    const sub = parts.slice(0, i + 1).join("/");
    crumbs.push(i === parts.length - 1 ? `<strong>${escapeHtml(seg)}</strong>` : `<a href="/buckets/${urlPath(bucket.fullName)}/tree/${urlPath(sub)}">${escapeHtml(seg)}</a>`);
  });
  return `<nav aria-label="Breadcrumb">${crumbs.join(" / ")}</nav>`;
}

function signInForm(bucketId: string, next: string, error?: string): Response {
  return page(
    `Sign in: ${bucketId}`,
    `<h1>Private bucket</h1><p><strong>${escapeHtml(bucketId)}</strong> is private. Paste a Hub token of a member to view it.
This local Hub keeps it in an HttpOnly cookie on this origin only.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/buckets/${urlPath(bucketId)}/sign-in">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="token">Hub token</label><input id="token" name="token" type="password" autocomplete="off" required placeholder="hf_…">
<button type="submit">Sign in</button></form>`,
    401,
  );
}

/**
 * The read-only folder page of the local Hub at the Hub's share-link URLs (spec §3.8):
 * `GET /buckets/{ns}/{name}` (root) and `GET /buckets/{ns}/{name}/tree/{path}`. Shows breadcrumbs and
 * one level of entries (folders first, then files, each by name) with sizes and mtimes; folders link
 * to their page, files to `resolve`. Every name is HTML-escaped and the page has a strict CSP.
 * Private buckets: the owner's token in `Authorization` or in the `hub_token` cookie. Anonymous
 * visitors get a small sign-in form that POSTs the token to `/buckets/{ns}/{name}/sign-in`, which sets
 * the cookie (HttpOnly, SameSite=Lax, Path=/) and redirects back; the token never goes in a URL.
 */
export function pageRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  const folderPage = (c: Context) => {
    const bucketId = bucketIdOf(c);
    const path = pathAfter(c, `/buckets/${bucketId}/tree/`).replace(/\/+$/, "");
    const here = new URL(c.req.url).pathname;
    let bucket: Bucket;
    try {
      validateBucketPath(path, { allowRoot: true });
      bucket = requireBucket(ctx, callerWithCookie(ctx, c), bucketId, "read");
    } catch (err) {
      if (err instanceof HubError && err.status === 401) return signInForm(bucketId, here);
      if (err instanceof HubError) return page("Not found", `<h1>${err.status === 400 ? "Bad path" : "Not found"}</h1><p>${escapeHtml(err.message)}</p>`, err.status);
      throw err;
    }
    const file = path ? getFileEntry(ctx, bucket, path) : null;
    if (file) {
      return page(`${path} · ${bucket.fullName}`, `${breadcrumbs(bucket, path)}
<h1>${escapeHtml(path.split("/").pop() ?? path)}</h1>
<p>${formatSize(file.size)} · modified <time datetime="${file.mtime}">${escapeHtml(file.mtime)}</time></p>
<p><a href="/buckets/${urlPath(bucket.fullName)}/resolve/${urlPath(path)}" download>Download</a></p>`);
    }
    if (!isFolder(ctx, bucket, path)) return page("Not found", `<h1>Not found</h1><p>No folder ${escapeHtml(path)} in ${escapeHtml(bucket.fullName)}.</p>`, 404);
    const entries = listEntries(ctx, bucket, path, false);
    const dirs = entries.filter((e) => e.type === "directory");
    const files = entries.filter((e) => e.type === "file");
    const nameOf = (p: string) => p.split("/").pop() ?? p;
    const rows = [
      ...dirs.map((d) => `<tr><td>📁 <a href="/buckets/${urlPath(bucket.fullName)}/tree/${urlPath(d.path)}">${escapeHtml(nameOf(d.path))}/</a></td><td class="n">—</td><td class="n muted">${escapeHtml(d.uploadedAt)}</td></tr>`),
      ...files.map((f) => f.type === "file"
        ? `<tr><td><a href="/buckets/${urlPath(bucket.fullName)}/resolve/${urlPath(f.path)}">${escapeHtml(nameOf(f.path))}</a></td><td class="n">${formatSize(f.size)}</td><td class="n muted"><time datetime="${f.mtime}">${escapeHtml(f.mtime)}</time></td></tr>`
        : ""),
    ];
    return page(`${path || "/"} · ${bucket.fullName}`, `${breadcrumbs(bucket, path)}
<h1>${escapeHtml(path ? nameOf(path) : bucket.fullName)}${bucket.private ? ' <span class="muted">(private)</span>' : ""}</h1>
${rows.length === 0 ? '<p class="muted">This folder is empty.</p>' : `<table><thead><tr><th>Name</th><th class="n">Size</th><th class="n">Modified (UTC)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`}`);
  };
  app.get("/:ns/:name", folderPage);
  app.get("/:ns/:name/tree", folderPage);
  app.get("/:ns/:name/tree/*", folderPage);

  app.post("/:ns/:name/sign-in", async (c) => {
    const bucketId = bucketIdOf(c);
    const form = new URLSearchParams(new TextDecoder().decode(await readBody(c, 16 * 1024, "Sign-in form")));
    const token = (form.get("token") ?? "").trim();
    const nextRaw = form.get("next") ?? "";
    // Only back into this bucket's pages: never an open redirect.
    const base = `/buckets/${bucketId}`;
    const next = nextRaw === base || nextRaw.startsWith(`${base}/`) ? nextRaw : base;
    const record = token ? ctx.identity.token(token) : null;
    if (!record) return signInForm(bucketId, next, "That token is not valid on this Hub.");
    return new Response(null, {
      status: 303,
      headers: {
        Location: next,
        "Set-Cookie": `${HUB_TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Lax; Path=/`,
        "Cache-Control": "no-store",
      },
    });
  });
  return app;
}

/** Avatars, mounted at `/avatars`: whoami's default `avatarUrl` is `/avatars/{name}.svg` on the Hub's origin. */
export function avatarRoutes(): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get("/:file", (c) => {
    const name = c.req.param("file").replace(/\.svg$/, "");
    const hue = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 0);
    const initial = escapeHtml((name[0] ?? "?").toUpperCase());
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="16" fill="hsl(${hue} 60% 45%)"/><text x="16" y="21" font-family="sans-serif" font-size="15" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
    return c.body(svg, 200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" });
  });
  return app;
}
