import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { createHmac, randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { getCaller } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import {
  type RepoType, blobPath, getRepoById, grantRepoBlob, lfsPointer, putBlob, repoHasBlob, repoUrlPrefix, requireRepo, requireRevision,
} from "../store/repos";
import { issuesOf, jsonOf, originOf, parseRange, REPO_BODY_LIMITS, revAndPath, sameBytes, validateRepoPath } from "./helpers";

/** Largest LFS object the local Hub accepts in one PUT (its choice: 50 GiB, the Hub's per-file cap). */
export const MAX_LFS_BYTES = 50 * 1024 ** 3;

/** Seconds an LFS upload URL stays valid. */
const LFS_URL_TTL_S = 24 * 3600;

const lfsBatchSchema = z.object({
  operation: z.enum(["upload", "download"]),
  transfers: z.array(z.string()).optional(),
  objects: z.array(z.object({ oid: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() })).max(1000),
}).loose();

/**
 * The HMAC of an LFS upload URL (repo id, oid, size, expiry in Unix seconds), keyed by `{dir}/repo-lfs-url-key`
 * (made on first use, mode 0600), so a URL outlives a restart of the local Hub but not a new state folder.
 */
function lfsSigner(ctx: HubContext): (repoId: string, oid: string, size: number, exp: number) => string {
  const keyFile = join(ctx.dir, "repo-lfs-url-key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  const urlKey = readFileSync(keyFile, "utf8").trim();
  return (repoId, oid, size, exp) => createHmac("sha256", urlKey).update(`${repoId}:${oid}:${size}:${exp}`).digest("hex");
}

/**
 * The file routes of one repo type, mounted at its URL prefix (`/` for models, `/datasets`, `/spaces`):
 * `GET|HEAD /{ns}/{name}/resolve|raw/{rev}/{path}` with `ETag`, `X-Repo-Commit`, `X-Linked-Size`/`X-Linked-Etag`
 * and ranges, and the Git LFS batch API `POST /{ns}/{name}[.git]/info/lfs/objects/batch` (`basic` transfer
 * to a signed local URL served by {@link lfsUploadRoutes}; `xet` is not offered, so @huggingface/hub falls
 * back to it). Private repos are invisible to non-members (404).
 */
export function repoFileRoutes(ctx: HubContext, type: RepoType): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const signLfs = lfsSigner(ctx);
  // Git LFS batch API (git-lfs spec "Batch API"; @huggingface/hub commit.ts, huggingface_hub lfs.py).
  app.post("/:ns/:name/info/lfs/objects/batch", async (c) => {
    const name = (c.req.param("name") ?? "").replace(/\.git$/, "");
    const repoId = `${c.req.param("ns")}/${name}`;
    const caller = getCaller(ctx, c);
    const text = await jsonOf(c, REPO_BODY_LIMITS.json, "LFS batch body", true);
    const body = lfsBatchSchema.safeParse(text);
    if (!body.success) throw hubError(422, `Invalid LFS batch body: ${issuesOf(body.error)}`);
    const repo = requireRepo(ctx, caller, type, repoId, body.data.operation === "upload" ? "write" : "read");
    const exp = Math.floor(Date.now() / 1000) + LFS_URL_TTL_S;
    const objects = body.data.objects.map((o) => {
      if (body.data.operation === "download") {
        // Clients download through resolve; git-lfs downloads (a git clone) are not served.
        return { oid: o.oid, size: o.size, error: { code: 501, message: "The local Hub serves LFS objects through /resolve only" } };
      }
      if (o.size > MAX_LFS_BYTES) return { oid: o.oid, size: o.size, error: { code: 422, message: `Objects of more than ${MAX_LFS_BYTES} bytes are refused by the local Hub` } };
      if (repoHasBlob(ctx, repo, o.oid)) return { oid: o.oid, size: o.size, authenticated: true };
      const sig = signLfs(repo.id, o.oid, o.size, exp);
      return {
        oid: o.oid, size: o.size, authenticated: true,
        actions: { upload: { href: `${originOf(c)}/api/lfs-upload/${repo.id}/${o.oid}?size=${o.size}&exp=${exp}&sig=${sig}`, expires_in: LFS_URL_TTL_S } },
      };
    });
    return c.json({ transfer: "basic", objects, hash_algo: "sha256" }, 200, { "Content-Type": "application/vnd.git-lfs+json" });
  });
  for (const kind of ["resolve", "raw"] as const) {
    app.get(`/:ns/:name/${kind}/*`, fileHandler(ctx, type, kind));
    app.on("HEAD", `/:ns/:name/${kind}/*`, fileHandler(ctx, type, kind));
  }
  return app;
}

/**
 * `PUT /api/lfs-upload/{repoId}/{oid}?size=&exp=&sig=` (mounted at `/api/lfs-upload`): the LFS `basic`
 * upload URL that {@link repoFileRoutes}' batch API hands out.
 * @throws HubError 400 (malformed URL, wrong length), 403 (bad or expired signature), 404 (repo gone)
 */
export function lfsUploadRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const signLfs = lfsSigner(ctx);
  // The `basic` transfer's upload URL: a capability (HMAC of repo, oid, size, expiry), no Authorization,
  // like the Hub's pre-signed storage URLs. The body is hashed as it streams and kept only if it matches.
  app.put("/:repoId/:oid", async (c) => {
    const repoIdParam = c.req.param("repoId");
    const oid = c.req.param("oid");
    const size = Number(c.req.query("size"));
    const exp = Number(c.req.query("exp"));
    const sig = c.req.query("sig") ?? "";
    if (!/^[0-9a-f]{64}$/.test(oid) || !Number.isSafeInteger(size) || !Number.isSafeInteger(exp)) throw hubError(400, "Malformed LFS upload URL");
    const expected = signLfs(repoIdParam, oid, size, exp);
    if (!sameBytes(sig, expected) || exp < Date.now() / 1000) {
      throw hubError(403, "Invalid or expired LFS upload URL: ask the LFS batch API for a new one");
    }
    const repo = getRepoById(ctx, repoIdParam);
    if (!repo) throw hubError(404, "The repo of this upload URL no longer exists", "RepoNotFound");
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) !== size) throw hubError(400, `Content-Length ${declared} is not the object's size ${size}`);
    const stream = c.req.raw.body;
    await putBlob(ctx, async (write) => {
      if (!stream) return;
      const reader = stream.getReader();
      let total = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > size) {
            await reader.cancel();
            throw hubError(400, `The body is longer than the object's size ${size}`);
          }
          write(value);
        }
      } finally {
        reader.releaseLock();
      }
    }, { sha256: oid, size });
    grantRepoBlob(ctx, repo, oid);
    return c.body(null, 200);
  });

  return app;
}

/**
 * resolve / raw: `/{prefix}{ns}/{name}/resolve/{rev}/{path}` (huggingface_hub file_download.py
 * hf_hub_url, @huggingface/hub file-download-info.ts). Served from this origin (no CDN redirect); `raw`
 * of an LFS file is its pointer.
 */
const fileHandler = (ctx: HubContext, type: RepoType, kind: "resolve" | "raw") => (c: Context) => {
  const repoId = `${c.req.param("ns")}/${c.req.param("name")}`;
  const repo = requireRepo(ctx, getCaller(ctx, c), type, repoId, "read");
  const { revision, path } = revAndPath(c, `/${repoUrlPrefix(type)}${repo.fullName}/${kind}/`);
  validateRepoPath(path, "path");
  const commit = requireRevision(ctx, repo, revision);
  const file = commit.files.find((f) => f.path === path);
  if (!file) throw hubError(404, `Entry not found: ${path}`, "EntryNotFound");
  const pointer = kind === "raw" && file.lfs ? Buffer.from(lfsPointer(file.sha256, file.size)) : null;
  const size = pointer ? pointer.length : file.size;
  const etag = `"${file.lfs && !pointer ? file.sha256 : file.oid}"`;
  const headers: Record<string, string> = {
    ETag: etag, "X-Repo-Commit": commit.sha, "Accept-Ranges": "bytes",
    "Content-Type": "application/octet-stream", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
    "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(path.split("/").pop() ?? path)}`,
    ...(file.lfs && !pointer ? { "X-Linked-Size": String(file.size), "X-Linked-Etag": etag } : {}),
  };
  if (c.req.method === "HEAD") return new Response(null, { status: 200, headers: { ...headers, "Content-Length": String(size) } });
  const range = parseRange(c.req.header("range"), size);
  if (range === "unsatisfiable") {
    return new Response(JSON.stringify({ error: `Range not satisfiable for a file of ${size} bytes` }), {
      status: 416, headers: { "Content-Type": "application/json", "Content-Range": `bytes */${size}` },
    });
  }
  if (pointer) {
    const part = range ? pointer.subarray(range.start, range.end + 1) : pointer;
    return new Response(new Uint8Array(part), {
      status: range ? 206 : 200,
      headers: { ...headers, "Content-Length": String(part.length), ...(range ? { "Content-Range": `bytes ${range.start}-${range.end}/${size}` } : {}) },
    });
  }
  if (size === 0) return new Response(new Uint8Array(0), { status: 200, headers: { ...headers, "Content-Length": "0" } });
  const fd = openSync(blobPath(ctx, file.sha256), "r");
  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  return new Response(streamFd(fd, start, end), {
    status: range ? 206 : 200,
    headers: { ...headers, "Content-Length": String(end - start + 1), ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}) },
  });
};

/** Streams bytes `[start, end]` of an open blob; the stream closes the fd. */
function streamFd(fd: number, start: number, end: number): ReadableStream<Uint8Array> {
  let pos = start;
  let open = true;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!open) return;
      if (pos > end) {
        closeSync(fd);
        open = false;
        controller.close();
        return;
      }
      const buf = Buffer.alloc(Math.min(1024 * 1024, end - pos + 1));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) {
        closeSync(fd);
        open = false;
        controller.close();
        return;
      }
      pos += n;
      controller.enqueue(new Uint8Array(buf.buffer, buf.byteOffset, n));
    },
    cancel() {
      if (open) closeSync(fd);
      open = false;
    },
  });
}
