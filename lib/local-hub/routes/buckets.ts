import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { canWrite, getCaller, requireCaller, requireWrite } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import {
  bucketUsage, deleteConflict, deleteFileAt, getFileEntry, listEntries, materializeFile, pathConflict, type FileEntry,
} from "../store/bucket-files";
import {
  type Bucket, canReadBucket, createBucket, deleteBucket, getBucket, listBuckets, moveBucket, parseBucketId, requireBucket,
  setBucketPrivate, validateBucketPath, wipeBuckets,
} from "../store/buckets";
import { sandboxHostUser } from "../sandbox-user";
import { hashInBucket, xetFileFromBucket } from "../store/job-file-xet";
import { grantXetFile, issueXetToken, wipeXetStore, xetFileInBucket } from "../store/xet";
import { isHashString } from "../xet/hash";

/**
 * Body size limits of the local Hub (answered with 413 in the Hub's error format):
 * batch NDJSON 16 MiB, paths-info 1 MiB, create 64 KiB. CAS limits live in routes/cas.ts.
 */
export const BODY_LIMITS = { batch: 16 * 1024 * 1024, pathsInfo: 1024 * 1024, create: 64 * 1024 } as const;

/** Default and largest page size of tree listings; `?limit=` picks another (tests use small pages). */
export const TREE_PAGE = { default: 1000, max: 10000 } as const;

/**
 * Reads a request body of at most `limit` bytes.
 * @throws HubError 413 naming the limit when the body (or its Content-Length) is larger
 */
export async function readBody(c: Context, limit: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => hubError(413, `${what} is larger than the local Hub's limit of ${limit} bytes`);
  const declared = Number(c.req.header("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  // With a Content-Length, read straight into one buffer: a 64 MiB xorb then costs 64 MiB, not twice that.
  let out = new Uint8Array(Number.isFinite(declared) ? declared : 64 * 1024);
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.length > limit) {
        await reader.cancel();
        throw tooLarge();
      }
      if (total + value.length > out.length) {
        const grown = new Uint8Array(Math.min(limit, Math.max(out.length * 2, total + value.length)));
        grown.set(out.subarray(0, total));
        out = grown;
      }
      out.set(value, total);
      total += value.length;
    }
  } finally {
    reader.releaseLock();
  }
  return out.subarray(0, total);
}

/**
 * Percent-decodes the part of the request path after the prefix `marker` (e.g. `/buckets/ns/b/resolve/`;
 * "" when the path is just the prefix without its trailing `/`), accepting `%2F`
 * (spec §1 "Paths in URLs").
 * @throws HubError 400 on malformed percent-encoding
 */
export function pathAfter(c: Context, marker: string): string {
  const pathname = new URL(c.req.url).pathname;
  if (!pathname.startsWith(marker)) return "";
  try {
    return decodeURIComponent(pathname.slice(marker.length));
  } catch {
    throw hubError(400, "Malformed percent-encoding in the path");
  }
}

/** `ns/name` from the route params. */
export function bucketIdOf(c: Context): string {
  return `${c.req.param("ns")}/${c.req.param("name")}`;
}

/** The request's origin (`http://127.0.0.1:PORT`), for absolute URLs (Link headers, casUrl). */
export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}

function bucketJson(ctx: HubContext, c: Context, b: Bucket) {
  const usage = bucketUsage(ctx, b);
  return {
    _id: b.id, id: b.fullName, name: b.name, namespace: b.namespace, type: "bucket", private: b.private,
    visibility: b.private ? "private" : "public", createdAt: b.createdAt, updatedAt: b.createdAt,
    size: usage.size, totalFiles: usage.totalFiles, url: `${originOf(c)}/buckets/${b.fullName}`,
  };
}

const createSchema = z.object({
  visibility: z.enum(["public", "private", "protected"]).optional(),
  private: z.boolean().optional(),
  resourceGroupId: z.string().optional(),
  region: z.string().optional(),
}).loose();

const settingsSchema = z.strictObject({ private: z.boolean().optional() });
const moveSchema = z.strictObject({ fromRepo: z.string(), toRepo: z.string(), type: z.string().default("model") });

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}

/** A JSON body of at most `limit` bytes. @throws HubError 400 when it is not JSON, 413 when too large */
async function jsonOf(c: Context, limit: number, what: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBody(c, limit, what));
  try {
    return JSON.parse(text);
  } catch {
    throw hubError(400, `The ${what} must be JSON`);
  }
}

const pathsInfoSchema = z.object({ paths: z.array(z.string()).max(10000), expand: z.boolean().optional() }).loose();

const opSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("addFile"), path: z.string(), xetHash: z.string(), mtime: z.number().int().nonnegative().optional(),
    contentType: z.string().optional(),
  }).loose(),
  z.object({
    type: z.literal("copyFile"), path: z.string(), xetHash: z.string(), sourceRepoType: z.string(), sourceRepoId: z.string(),
  }).loose(),
  z.object({ type: z.literal("deleteFile"), path: z.string() }).loose(),
]);
type Op = z.infer<typeof opSchema>;

/**
 * Storage Buckets (specs/hub-buckets-xet.md §3): create / info / list / delete, tree, paths-info,
 * batch and the xet token endpoints. Private buckets are invisible to non-members (404 `RepoNotFound`)
 * and answer 401 to anonymous callers. Registers a reset hook wiping every bucket and the CAS.
 */
export function bucketRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  ctx.onReset(() => {
    wipeBuckets(ctx);
    wipeXetStore(ctx);
  });

  app.post("/api/buckets/:ns/:name", async (c) => {
    // `me` is the caller: huggingface_hub's `create_bucket("name")` (no namespace) posts to /api/buckets/me/name.
    const ns = c.req.param("ns") === "me" ? requireCaller(ctx, c).user.name : c.req.param("ns");
    const bucketId = `${ns}/${c.req.param("name")}`;
    requireWrite(ctx, c, ns);
    const raw = new TextDecoder().decode(await readBody(c, BODY_LIMITS.create, "Create body"));
    let json: unknown = {};
    if (raw.trim()) {
      try {
        json = JSON.parse(raw);
      } catch {
        throw hubError(400, "Body must be JSON");
      }
    }
    const body = createSchema.safeParse(json);
    if (!body.success) throw hubError(400, `Invalid body: ${body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    // New buckets are private unless asked otherwise (the issue decides; the Hub's own default is not documented).
    const isPrivate = body.data.visibility ? body.data.visibility !== "public" : body.data.private ?? true;
    const url = `${originOf(c)}/buckets/${bucketId}`;
    const bucket = createBucket(ctx, { bucketId, private: isPrivate, owner: sandboxHostUser(ctx.options) });
    if (!bucket) throw hubError(409, `Bucket ${bucketId} already exists`, undefined, { url });
    return c.json({ url, id: bucket.fullName, name: bucket.name });
  });

  app.get("/api/buckets/:ns/:name", (c) => {
    const b = requireBucket(ctx, getCaller(ctx, c), bucketIdOf(c), "read");
    return c.json(bucketJson(ctx, c, b));
  });

  app.delete("/api/buckets/:ns/:name", (c) => {
    const caller = requireCaller(ctx, c);
    const b = requireBucket(ctx, caller, bucketIdOf(c), "write");
    deleteBucket(ctx, b.fullName);
    return c.json({ deleted: true });
  });

  // huggingface_hub `update_bucket_settings` (PUT {"private": bool}); the only setting buckets have.
  app.put("/api/buckets/:ns/:name/settings", async (c) => {
    const caller = requireCaller(ctx, c);
    const bucket = requireBucket(ctx, caller, bucketIdOf(c), "write");
    const body = settingsSchema.safeParse(await jsonOf(c, BODY_LIMITS.create, "settings body"));
    if (!body.success) throw hubError(400, `Invalid settings body: ${issuesOf(body.error)}`);
    const updated = body.data.private === undefined ? bucket : setBucketPrivate(ctx, bucket, body.data.private);
    return c.json(bucketJson(ctx, c, updated));
  });

  // huggingface_hub `move_bucket`: POST /api/repos/move {fromRepo, toRepo, type: "bucket"} (hf_api.py move_bucket).
  app.post("/api/repos/move", async (c) => {
    const caller = requireCaller(ctx, c);
    const body = moveSchema.safeParse(await jsonOf(c, BODY_LIMITS.create, "move body"));
    if (!body.success) throw hubError(400, `Invalid move body: ${issuesOf(body.error)}`);
    if (body.data.type !== "bucket") {
      throw hubError(400, `type "${body.data.type}": the local Hub hosts buckets only, so only type "bucket" can be moved`);
    }
    const bucket = requireBucket(ctx, caller, body.data.fromRepo, "write");
    const target = parseBucketId(body.data.toRepo);
    if (!canWrite(caller, target.namespace)) throw hubError(403, `You don't have write access to namespace "${target.namespace}"`);
    const moved = moveBucket(ctx, bucket, body.data.toRepo);
    if (!moved) throw hubError(409, `Bucket ${body.data.toRepo} already exists`);
    return c.json({ url: `${originOf(c)}/buckets/${moved.fullName}`, id: moved.fullName, name: moved.name });
  });

  app.get("/api/buckets/:ns", (c) => {
    const caller = getCaller(ctx, c);
    let ns = c.req.param("ns");
    if (ns === "me") ns = requireCaller(ctx, c).user.name;
    else if (!ctx.identity.account(ns)) throw hubError(404, `Namespace ${ns} not found`, "RepoNotFound");
    const all = listBuckets(ctx, { namespace: ns, caller, search: c.req.query("search") });
    return paginate(c, all.map((b) => ({ key: b.name, item: bucketJson(ctx, c, b) })));
  });

  const tree = (c: Context) => {
    const bucket = requireBucket(ctx, getCaller(ctx, c), bucketIdOf(c), "read");
    const prefix = pathAfter(c, `/api/buckets/${bucket.fullName}/tree/`).replace(/\/+$/, "");
    validateBucketPath(prefix, { allowRoot: true, field: "tree path" });
    // Absent `recursive` means recursive (spec §3.3, the Python test wins over its docstring).
    const recursive = c.req.query("recursive") !== "false";
    const entries = listEntries(ctx, bucket, prefix, recursive);
    return paginate(c, entries.map((e) => ({ key: e.path, item: e })));
  };
  app.get("/api/buckets/:ns/:name/tree", tree);
  app.get("/api/buckets/:ns/:name/tree/*", tree);

  app.post("/api/buckets/:ns/:name/paths-info", async (c) => {
    const bucket = requireBucket(ctx, getCaller(ctx, c), bucketIdOf(c), "read");
    const text = new TextDecoder().decode(await readBody(c, BODY_LIMITS.pathsInfo, "paths-info body"));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw hubError(400, "paths-info body must be JSON {\"paths\": [...]}");
    }
    const body = pathsInfoSchema.safeParse(json);
    if (!body.success) throw hubError(400, `Invalid paths-info body: ${body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const out: FileEntry[] = [];
    for (const p of body.data.paths) {
      validateBucketPath(p, { field: "paths[] entry" });
      const e = getFileEntry(ctx, bucket, p);
      if (e) out.push(e);
    }
    return c.json(out);
  });

  app.post("/api/buckets/:ns/:name/batch", async (c) => {
    const caller = requireCaller(ctx, c);
    const bucket = requireBucket(ctx, caller, bucketIdOf(c), "write");
    const text = new TextDecoder().decode(await readBody(c, BODY_LIMITS.batch, "Batch body"));
    const ops: Op[] = [];
    text.split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw hubError(400, `Batch line ${i + 1} is not JSON`);
      }
      const op = opSchema.safeParse(json);
      if (!op.success) throw hubError(400, `Batch line ${i + 1}: ${op.error.issues.map((x) => `${x.path.join(".") || "type"}: ${x.message}`).join("; ")}`);
      validateBucketPath(op.data.path, { field: `path on batch line ${i + 1}` });
      if (op.data.type !== "deleteFile" && !isHashString(op.data.xetHash)) throw hubError(400, `Batch line ${i + 1}: xetHash must be 64 lowercase hex characters`);
      ops.push(op.data);
    });

    // All-or-nothing: check every operation first; if one cannot be applied, none is (house rule:
    // nothing half-done). JS reads a 422's `failed` list and throws naming those paths (spec §3.5).
    const failed: { path: string; error: string }[] = [];
    const plan: (() => void)[] = [];
    const owner = sandboxHostUser(ctx.options);
    for (const op of ops) {
      if (op.type === "deleteFile") {
        const conflict = deleteConflict(ctx, bucket, op.path);
        if (conflict) failed.push({ path: op.path, error: conflict });
        else plan.push(() => void deleteFileAt(ctx, bucket, op.path));
        continue;
      }
      if (op.type === "copyFile") {
        if (op.sourceRepoType !== "bucket") {
          failed.push({ path: op.path, error: `copyFile from a ${op.sourceRepoType} is not supported by the local Hub (buckets only)` });
          continue;
        }
        const source = getBucket(ctx, op.sourceRepoId);
        if (!source || !canReadBucket(caller, source)) {
          failed.push({ path: op.path, error: `Source bucket ${op.sourceRepoId} not found` });
          continue;
        }
        // The hash must be a file of the source bucket: a hash alone grants nothing (issue 9, item 4), not
        // even one the CAS knows (another bucket's file); a file a job wrote there gets its xet data now.
        if (!(xetFileInBucket(ctx, op.xetHash, source.id) || hashInBucket(ctx, source, op.xetHash)) || !xetFileFromBucket(ctx, op.xetHash, [source])) {
          failed.push({ path: op.path, error: `No file with xetHash ${op.xetHash} in bucket ${source.fullName}: copyFile copies only a file its source holds, and this source has no file with xetHash ${op.xetHash.slice(0, 12)}…` });
          continue;
        }
      } else if (!xetFileInBucket(ctx, op.xetHash, bucket.id) || !xetFileFromBucket(ctx, op.xetHash, [bucket])) {
        failed.push({ path: op.path, error: `Unknown xetHash ${op.xetHash} for bucket ${bucket.fullName}: upload its shard with this bucket's xet write token first` });
        continue;
      }
      const conflict = pathConflict(ctx, bucket, op.path);
      if (conflict) {
        failed.push({ path: op.path, error: conflict });
        continue;
      }
      const mtimeMs = op.type === "addFile" ? op.mtime : undefined;
      plan.push(() => {
        grantXetFile(ctx, op.xetHash, bucket.id);
        materializeFile(ctx, bucket, { path: op.path, xetHash: op.xetHash, mtimeMs, owner });
      });
    }
    if (failed.length > 0) {
      const failedPaths = new Set(failed.map((f) => f.path));
      for (const op of ops) {
        if (!failedPaths.has(op.path)) failed.push({ path: op.path, error: "Not applied: another operation of this batch failed" });
      }
      return c.json({ success: false, processed: ops.length, succeeded: 0, failed }, 422);
    }
    for (const step of plan) step();
    return c.json({ success: true, processed: ops.length, succeeded: ops.length, failed: [] });
  });

  const xetToken = (mode: "read" | "write") => (c: Context) => {
    const caller = getCaller(ctx, c);
    const bucket = requireBucket(ctx, caller, bucketIdOf(c), mode);
    const { accessToken, exp } = issueXetToken(ctx, bucket.fullName, mode);
    return c.json({ accessToken, casUrl: `${originOf(c)}/cas`, exp });
  };
  app.get("/api/buckets/:ns/:name/xet-write-token", xetToken("write"));
  app.get("/api/buckets/:ns/:name/xet-read-token", xetToken("read"));

  return app;
}

/**
 * One page of `items` (sorted by `key`), with an absolute `Link: <…>; rel="next"` when more follow
 * (spec §1 "Pagination"). `?limit=` sets the page size (default 1000, max 10000), `?cursor=` is the
 * base64url of the last key of the previous page.
 */
function paginate<T>(c: Context, items: { key: string; item: T }[]): Response {
  const limitParam = c.req.query("limit");
  const limit = limitParam === undefined ? TREE_PAGE.default : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > TREE_PAGE.max) throw hubError(400, `limit must be an integer in 1..${TREE_PAGE.max}`);
  const cursor = c.req.query("cursor");
  let after: string | null = null;
  if (cursor) {
    after = Buffer.from(cursor, "base64url").toString("utf8");
  }
  const rest = after === null ? items : items.filter((x) => x.key > after);
  const page = rest.slice(0, limit);
  const headers: Record<string, string> = {};
  if (rest.length > limit) {
    const next = new URL(c.req.url);
    next.searchParams.set("cursor", Buffer.from(page[page.length - 1].key, "utf8").toString("base64url"));
    headers.Link = `<${next.toString()}>; rel="next"`;
  }
  return c.json(page.map((x) => x.item), 200, headers);
}

