import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "hono";
import { Hono } from "hono";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { type Bucket, getBucket } from "../store/buckets";
import { xetFileFromBucket } from "../store/job-file-xet";
import { isRepoXetScope, putRepoShard, repoOfXetScope } from "../store/repo-xet";
import { getXetFile, putShard, putXorb, readXorbRange, requireXetToken, xetFileInBucket, xorbChunks } from "../store/xet";
import { XetFormatError } from "../xet/compression";
import { isHashString } from "../xet/hash";
import { planReconstruction, type ReconstructionPlan } from "../xet/reconstruction";
import { originOf, parseRange, readBody, sameBytes } from "./helpers";

/**
 * CAS body limits: a xorb ≤ 64 MiB (spec §4.3) plus 1 MiB for the hf_xet footer; a shard ≤ 64 MiB.
 * Larger bodies get 413.
 */
export const CAS_LIMITS = { xorb: 65 * 1024 * 1024, shard: 64 * 1024 * 1024 } as const;

function hashParam(c: Context, name: string): string {
  const h = c.req.param(name) ?? "";
  if (!isHashString(h)) throw hubError(400, `${name} must be 64 lowercase hex characters`);
  return h;
}

function formatError(err: unknown): never {
  if (err instanceof XetFormatError) throw hubError(400, err.message);
  throw err;
}

/**
 * Xet CAS on the local Hub's own origin under `/cas` (spec §2 CAS table, §4, §6): global-dedup probe
 * (always 404), xorb and shard uploads (strictly verified, idempotent), V2 and V1 reconstructions,
 * and the xorb fetch URLs it mints (`/cas/fetch/{xorb}?bytes=S-E&sig=…`, no auth header: the signed URL is
 * the capability; a `Range` inside the signed range is honoured, 206).
 */
export function casRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  // Fetch URLs are capabilities, like the Hub's pre-signed URLs (spec §6.3): HMAC of xorb + byte range
  // with a per-instance key kept in {dir} so URLs stay valid across restarts.
  const keyFile = join(ctx.dir, "cas-url-key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  const urlKey = readFileSync(keyFile, "utf8").trim();
  /** The bucket a xet token was issued for. @throws HubError 403 when it was deleted since */
  const tokenBucket = (t: { bucketId: string }): Bucket => {
    const bucket = getBucket(ctx, t.bucketId);
    if (!bucket) throw hubError(403, `The bucket this xet token was issued for (${t.bucketId}) no longer exists`);
    return bucket;
  };
  const signFetch = (xorb: string, start: number, end: number) =>
    createHmac("sha256", urlKey).update(`${xorb}:${start}-${end}`).digest("hex").slice(0, 32);

  app.get("/v1/chunks/:prefix/:hash", (c) => {
    requireXetToken(ctx, c.req.header("authorization"), "read");
    throw hubError(404, "Chunk not tracked by the local CAS (no global dedup)");
  });

  app.post("/v1/xorbs/:prefix/:hash", async (c) => {
    requireXetToken(ctx, c.req.header("authorization"), "write");
    const hash = hashParam(c, "hash");
    const body = await readBody(c, CAS_LIMITS.xorb, "Xorb");
    try {
      return c.json({ was_inserted: putXorb(ctx, hash, body).wasInserted });
    } catch (err) {
      return formatError(err);
    }
  });

  app.post("/v1/shards", async (c) => {
    const token = requireXetToken(ctx, c.req.header("authorization"), "write");
    // A repo's xet token (store/repo-xet.ts): its files are granted to that repo, not to a bucket.
    const repo = repoOfXetScope(ctx, token.bucketId);
    if (!repo && isRepoXetScope(token.bucketId)) throw hubError(403, "The repo this xet token was issued for no longer exists");
    const grantTo = repo ? null : { bucketId: tokenBucket(token).id };
    const body = await readBody(c, CAS_LIMITS.shard, "Shard");
    try {
      return c.json(repo ? putRepoShard(ctx, repo, body) : putShard(ctx, body, grantTo));
    } catch (err) {
      return formatError(err);
    }
  });

  const reconstruction = (version: 1 | 2) => (c: Context) => {
    const bucket = tokenBucket(requireXetToken(ctx, c.req.header("authorization"), "read"));
    const hash = hashParam(c, "hash");
    // A hash the CAS never received may be a file a job wrote into the token's own bucket: index it now
    // (only that bucket's files are looked at, so a token cannot make another bucket's file readable).
    const file = getXetFile(ctx, hash) ?? xetFileFromBucket(ctx, hash, [bucket]);
    if (!file) throw hubError(404, `File ${hash} not found in the CAS`, "EntryNotFound");
    // A xet token reads only its own bucket's files (issue 9, item 4).
    if (!xetFileInBucket(ctx, hash, bucket.id)) throw hubError(403, `This xet token is for bucket ${bucket.fullName}, which has no file ${hash}`);
    const range = parseRange(c.req.header("range"), file.size);
    if (range === "unsatisfiable" || (file.size === 0 && c.req.header("range"))) {
      throw hubError(416, `Range not satisfiable for a file of ${file.size} bytes`);
    }
    const start = range?.start ?? 0;
    const end = range ? range.end + 1 : file.size;
    const plan: ReconstructionPlan = file.size === 0
      ? { offsetIntoFirstRange: 0, terms: [], fetch: new Map() }
      : planReconstruction({
        segments: file.segments, start, end,
        chunksOf: (x) => {
          const t = xorbChunks(ctx, x);
          if (!t) throw new Error(`xorb ${x} missing from the store`);
          return t;
        },
      });
    const base = `${originOf(c)}/cas/fetch`;
    const urlOf = (xorb: string, b: { start: number; end: number }) =>
      `${base}/${xorb}?bytes=${b.start}-${b.end}&sig=${signFetch(xorb, b.start, b.end)}`;
    if (version === 2) {
      const xorbs: Record<string, { url: string; ranges: unknown[] }[]> = {};
      for (const [xorb, ranges] of plan.fetch) {
        // One range per entry, each with its own URL (spec §6.2: the client dedupes entries by URL).
        xorbs[xorb] = ranges.map((r) => ({ url: urlOf(xorb, r.bytes), ranges: [r] }));
      }
      return c.json({ offset_into_first_range: plan.offsetIntoFirstRange, terms: plan.terms, xorbs });
    }
    const fetchInfo: Record<string, unknown[]> = {};
    for (const [xorb, ranges] of plan.fetch) {
      fetchInfo[xorb] = ranges.map((r) => ({ range: r.chunks, url: urlOf(xorb, r.bytes), url_range: r.bytes }));
    }
    return c.json({ offset_into_first_range: plan.offsetIntoFirstRange, terms: plan.terms, fetch_info: fetchInfo });
  };
  app.get("/v2/reconstructions/:hash", reconstruction(2));
  app.get("/v1/reconstructions/:hash", reconstruction(1));

  app.get("/fetch/:hash", (c) => {
    const hash = hashParam(c, "hash");
    const m = /^(\d+)-(\d+)$/.exec(c.req.query("bytes") ?? "");
    if (!m) throw hubError(400, "bytes=S-E query parameter required");
    const allowed = { start: Number(m[1]), end: Number(m[2]) };
    const sig = c.req.query("sig") ?? "";
    const expected = signFetch(hash, allowed.start, allowed.end);
    if (!sameBytes(sig, expected)) {
      throw hubError(403, "Invalid or expired fetch URL signature: ask for a new reconstruction");
    }
    const chunks = xorbChunks(ctx, hash);
    if (!chunks) throw hubError(404, `Xorb ${hash} not found`);
    const header = c.req.header("range");
    const want = header ? /^bytes=(\d+)-(\d+)$/.exec(header.trim()) : null;
    if (header && !want) throw hubError(416, "Only a single bytes=S-E range is served here");
    const start = want ? Number(want[1]) : allowed.start;
    const end = want ? Number(want[2]) : allowed.end;
    if (start < allowed.start || end > allowed.end || end < start) throw hubError(403, "Range outside the bytes this URL grants");
    const bytes = readXorbRange(ctx, hash, start, end);
    if (!bytes) throw hubError(404, `Xorb ${hash} not found`);
    return new Response(new Uint8Array(bytes), {
      status: header ? 206 : 200,
      headers: {
        "Content-Type": "application/octet-stream", "Content-Length": String(bytes.length),
        ...(header ? { "Content-Range": `bytes ${start}-${start + bytes.length - 1}/*` } : {}),
      },
    });
  });

  return app;
}
