import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { getCaller, requireCaller, requireRepoScope, requireWrite, type Caller } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import {
  bucketUsage, deleteConflict, deleteFileAt, getFileEntry, listEntries, materializeFile, pathConflict, type FileEntry,
} from "../store/bucket-files";
import {
  type Bucket, canReadBucket, createBucket, deleteBucket, getBucket, listBuckets, requireBucket,
  setBucketPrivate, validateBucketPath, wipeBuckets,
} from "../store/buckets";
import { sandboxHostUser } from "../sandbox-user";
import { hashInBucket, xetFileFromBucket } from "../store/job-file-xet";
import { grantXetFile, issueXetToken, wipeXetStore, xetFileInBucket } from "../store/xet";
import { isHashString } from "../xet/hash";
import { BODY_LIMITS, bucketIdOf, jsonOf, ndjsonLines, originOf, paginate, parseWith, pathAfter, readBody } from "./helpers";

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
 * Storage Buckets (specs/hub-buckets-xet.md §3), mounted at `/api/buckets`: create / info / list /
 * delete / settings, tree, paths-info, batch and the xet token endpoints. Private buckets are invisible
 * to non-members (404 `RepoNotFound`) and answer 401 to anonymous callers. Registers a reset hook
 * wiping every bucket and the CAS. (`move` is routes/bucket-move.ts, under `/api/repos`.)
 */
export function bucketRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  ctx.onReset(() => {
    wipeBuckets(ctx);
    wipeXetStore(ctx);
  });
  bucketCrudRoutes(ctx, app);
  bucketFileRoutes(ctx, app);
  return app;
}

/** Create, info, delete, settings and the namespace listing. */
function bucketCrudRoutes(ctx: HubContext, app: Hono<HubEnv>): void {
  app.post("/:ns/:name", async (c) => {
    // `me` is the caller: huggingface_hub's `create_bucket("name")` (no namespace) posts to /api/buckets/me/name.
    const ns = c.req.param("ns") === "me" ? requireCaller(ctx, c).user.name : c.req.param("ns");
    const bucketId = `${ns}/${c.req.param("name")}`;
    requireRepoScope(requireWrite(ctx, c, ns), "manage");
    const raw = new TextDecoder().decode(await readBody(c, BODY_LIMITS.create, "Create body"));
    let json: unknown = {};
    if (raw.trim()) {
      try {
        json = JSON.parse(raw);
      } catch {
        throw hubError(400, "Body must be JSON");
      }
    }
    const body = parseWith(createSchema, json, "Invalid body", "");
    // New buckets are private unless asked otherwise (the issue decides; the Hub's own default is not documented).
    const isPrivate = body.visibility ? body.visibility !== "public" : body.private ?? true;
    const url = `${originOf(c)}/buckets/${bucketId}`;
    const bucket = createBucket(ctx, { bucketId, private: isPrivate, owner: sandboxHostUser(ctx.options) });
    if (!bucket) throw hubError(409, `Bucket ${bucketId} already exists`, undefined, { url });
    return c.json({ url, id: bucket.fullName, name: bucket.name });
  });

  app.get("/:ns/:name", (c) => {
    const b = requireBucket(ctx, getCaller(ctx, c), bucketIdOf(c), "read");
    return c.json(bucketJson(ctx, c, b));
  });

  app.delete("/:ns/:name", (c) => {
    const caller = requireCaller(ctx, c);
    const b = requireBucket(ctx, caller, bucketIdOf(c), "write");
    requireRepoScope(caller, "manage");
    deleteBucket(ctx, b.fullName);
    return c.json({ deleted: true });
  });

  // huggingface_hub `update_bucket_settings` (PUT {"private": bool}); the only setting buckets have.
  app.put("/:ns/:name/settings", async (c) => {
    const caller = requireCaller(ctx, c);
    const bucket = requireBucket(ctx, caller, bucketIdOf(c), "write");
    const body = parseWith(settingsSchema, await jsonOf(c, BODY_LIMITS.create, "settings body"), "Invalid settings body");
    const updated = body.private === undefined ? bucket : setBucketPrivate(ctx, bucket, body.private);
    return c.json(bucketJson(ctx, c, updated));
  });

  app.get("/:ns", (c) => {
    const caller = getCaller(ctx, c);
    let ns = c.req.param("ns");
    if (ns === "me") ns = requireCaller(ctx, c).user.name;
    else if (!ctx.identity.account(ns)) throw hubError(404, `Namespace ${ns} not found`, "RepoNotFound");
    const all = listBuckets(ctx, { namespace: ns, caller, search: c.req.query("search") });
    return paginate(c, all.map((b) => ({ key: b.name, item: bucketJson(ctx, c, b) })));
  });
}

/** Tree, paths-info, batch and the xet tokens. */
function bucketFileRoutes(ctx: HubContext, app: Hono<HubEnv>): void {
  const tree = (c: Context) => {
    const bucket = requireBucket(ctx, getCaller(ctx, c), bucketIdOf(c), "read");
    const prefix = pathAfter(c, `/api/buckets/${bucket.fullName}/tree/`).replace(/\/+$/, "");
    validateBucketPath(prefix, { allowRoot: true, field: "tree path" });
    // Absent `recursive` means recursive (spec §3.3, the Python test wins over its docstring).
    const recursive = c.req.query("recursive") !== "false";
    const entries = listEntries(ctx, bucket, prefix, recursive);
    return paginate(c, entries.map((e) => ({ key: e.path, item: e })));
  };
  app.get("/:ns/:name/tree", tree);
  app.get("/:ns/:name/tree/*", tree);

  app.post("/:ns/:name/paths-info", async (c) => {
    const bucket = requireBucket(ctx, getCaller(ctx, c), bucketIdOf(c), "read");
    const text = new TextDecoder().decode(await readBody(c, BODY_LIMITS.pathsInfo, "paths-info body"));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw hubError(400, "paths-info body must be JSON {\"paths\": [...]}");
    }
    const body = parseWith(pathsInfoSchema, json, "Invalid paths-info body", "");
    const out: FileEntry[] = [];
    for (const p of body.paths) {
      validateBucketPath(p, { field: "paths[] entry" });
      const e = getFileEntry(ctx, bucket, p);
      if (e) out.push(e);
    }
    return c.json(out);
  });

  app.post("/:ns/:name/batch", async (c) => {
    const caller = requireCaller(ctx, c);
    const bucket = requireBucket(ctx, caller, bucketIdOf(c), "write");
    const ops = parseBatch(new TextDecoder().decode(await readBody(c, BODY_LIMITS.batch, "Batch body")));
    const { failed, plan } = planBatch(ctx, caller, bucket, ops);
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
  app.get("/:ns/:name/xet-write-token", xetToken("write"));
  app.get("/:ns/:name/xet-read-token", xetToken("read"));
}

/** The operations of a batch body (NDJSON, spec §3.5). @throws HubError 400 naming the line and field */
function parseBatch(text: string): Op[] {
  const ops: Op[] = [];
  for (const { line, json } of ndjsonLines(text, "Batch")) {
    const op = parseWith(opSchema, json, `Batch line ${line}`, "type");
    validateBucketPath(op.path, { field: `path on batch line ${line}` });
    if (op.type !== "deleteFile" && !isHashString(op.xetHash)) throw hubError(400, `Batch line ${line}: xetHash must be 64 lowercase hex characters`);
    ops.push(op);
  }
  return ops;
}

/**
 * All-or-nothing: checks every operation first; if one cannot be applied, none is (house rule:
 * nothing half-done). JS reads a 422's `failed` list and throws naming those paths (spec §3.5).
 * @returns the refused operations with why, and the steps applying the batch (run only when none failed)
 */
function planBatch(ctx: HubContext, caller: Caller, bucket: Bucket, ops: Op[]): { failed: { path: string; error: string }[]; plan: (() => void)[] } {
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
    const problem = op.type === "copyFile" ? copySourceProblem(ctx, caller, op) : addSourceProblem(ctx, bucket, op.xetHash);
    const conflict = problem ?? pathConflict(ctx, bucket, op.path);
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
  return { failed, plan };
}

/** Why a `copyFile` cannot copy, or null. */
function copySourceProblem(ctx: HubContext, caller: Caller, op: Extract<Op, { type: "copyFile" }>): string | null {
  if (op.sourceRepoType !== "bucket") return `copyFile from a ${op.sourceRepoType} is not supported by the local Hub (buckets only)`;
  const source = getBucket(ctx, op.sourceRepoId);
  if (!source || !canReadBucket(caller, source)) return `Source bucket ${op.sourceRepoId} not found`;
  // The hash must be a file of the source bucket: a hash alone grants nothing (issue 9, item 4), not
  // even one the CAS knows (another bucket's file); a file a job wrote there gets its xet data now.
  if (!(xetFileInBucket(ctx, op.xetHash, source.id) || hashInBucket(ctx, source, op.xetHash)) || !xetFileFromBucket(ctx, op.xetHash, [source])) {
    return `No file with xetHash ${op.xetHash} in bucket ${source.fullName}: copyFile copies only a file its source holds, and this source has no file with xetHash ${op.xetHash.slice(0, 12)}…`;
  }
  return null;
}

/** Why an `addFile` cannot add `xetHash` to `bucket` (its shard was not uploaded for it), or null. */
function addSourceProblem(ctx: HubContext, bucket: Bucket, xetHash: string): string | null {
  if (!xetFileInBucket(ctx, xetHash, bucket.id) || !xetFileFromBucket(ctx, xetHash, [bucket])) {
    return `Unknown xetHash ${xetHash} for bucket ${bucket.fullName}: upload its shard with this bucket's xet write token first`;
  }
  return null;
}
