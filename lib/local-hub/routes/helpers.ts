import { timingSafeEqual } from "node:crypto";
import { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { z } from "zod";
import { getCaller, repoScopeAllows, type Caller } from "../auth";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import { oauthTokenScopes } from "../store/oauth";
import { repoVolumeProblem } from "../runner/repo-volumes";
import type { BucketVolumeCheck } from "../runner/validate-job-spec";
import { bucketFolderProblem, canReadBucket, canWriteBucket, getBucket, validateBucketPath } from "../store/buckets";
import type { OwnerRef } from "../store/jobs";

// Helpers shared by the route areas of routes/*: body reading under a byte limit, JSON and zod parsing
// into Hub-shaped 400s, path and parameter decoding, pagination, the cookie caller, namespace owners.
// Route files import these, never each other.

/**
 * Body size limits of the local Hub (answered with 413 in the Hub's error format):
 * batch NDJSON 16 MiB, paths-info 1 MiB, create (and move, settings) 64 KiB. CAS limits live in routes/cas.ts.
 */
export const BODY_LIMITS = { batch: 16 * 1024 * 1024, pathsInfo: 1024 * 1024, create: 64 * 1024 } as const;

/**
 * Body limits of the repo routes (routes/repos.ts, routes/repo-files.ts), bytes: a commit's NDJSON
 * (regular files travel in it, base64) and a create body with files 64 MiB, other JSON bodies 1 MiB (the
 * app-wide default). An LFS PUT is bounded by the size its signed URL names.
 */
export const REPO_BODY_LIMITS = { commit: 64 * 1024 * 1024, json: 1024 * 1024 } as const;

/**
 * Reads a request body of at most `limit` bytes.
 * @throws HubError 413 naming the limit when the body (or its Content-Length) is larger
 */
export async function readBody(c: Context, limit: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => hubError(413, `${what} is larger than the local Hub's limit of ${limit} bytes`);
  const declared = Number(c.req.header("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const into = new BodyBuffer(Number.isFinite(declared) ? declared : null, limit);
  // Served by @hono/node-server with a declared length: read the Node request itself. Going through
  // `c.req.raw.body` makes the adapter build a full WHATWG Request and a web stream over the socket for
  // every body, which was a tenth of the local Hub's time under 50 concurrent launches (issue 15 item 3).
  // A chunked body is left to the web stream: the app's body-limit middleware has wrapped it already
  // (and read the socket); so is any body someone has started to read.
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (Number.isFinite(declared) && incoming instanceof IncomingMessage && incoming.readableFlowing === null && !incoming.readableDidRead) {
    return readIncoming(incoming, into, tooLarge);
  }
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!into.add(value)) {
        await reader.cancel();
        throw tooLarge();
      }
    }
  } finally {
    reader.releaseLock();
  }
  return into.bytes();
}

/**
 * Reads a Node request body into `into`. Past the limit it stops reading (the request stays paused, the
 * 413 is answered, and Node discards the rest as for any unread body) and rejects with `tooLarge()`.
 */
function readIncoming(incoming: IncomingMessage, into: BodyBuffer, tooLarge: () => Error): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const done = () => {
      incoming.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      if (into.add(chunk)) return;
      done();
      incoming.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      resolve(into.bytes());
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      if (incoming.readableEnded) return;
      done();
      reject(new Error("The client closed the connection before the body was complete."));
    };
    incoming.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
    if (incoming.destroyed) onClose();
  });
}

/**
 * A body collected under a byte limit. With a declared length the buffer is allocated once at that
 * size (a 64 MiB xorb costs 64 MiB, not twice that), but only when the first bytes arrive: a declared
 * length alone, from a client that then sends nothing, holds no memory.
 */
class BodyBuffer {
  private out = new Uint8Array(0);
  private total = 0;
  constructor(
    private readonly declared: number | null,
    private readonly limit: number,
  ) {}
  /** Appends `chunk`; false (nothing appended) when it would pass the limit. */
  add(chunk: Uint8Array): boolean {
    if (this.total + chunk.length > this.limit) return false;
    if (this.total === 0 && this.out.length === 0) this.out = new Uint8Array(Math.max(this.declared ?? 64 * 1024, chunk.length));
    if (this.total + chunk.length > this.out.length) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(this.out.length * 2, this.total + chunk.length)));
      grown.set(this.out.subarray(0, this.total));
      this.out = grown;
    }
    this.out.set(chunk, this.total);
    this.total += chunk.length;
    return true;
  }
  bytes(): Uint8Array {
    return this.out.subarray(0, this.total);
  }
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

/**
 * The revision and the path after `marker` in the raw request path (`{rev}/{path…}`) of the repo routes,
 * each percent-decoded on its own, so `refs%2Fpr%2F1` stays one revision and `%2F` in a path is a `/`;
 * the revision defaults to `main`, trailing slashes of the path are dropped.
 * @throws HubError 400 on malformed percent-encoding
 */
export function revAndPath(c: Context, marker: string): { revision: string; path: string } {
  const raw = new URL(c.req.url).pathname;
  const rest = raw.startsWith(marker) ? raw.slice(marker.length) : "";
  const slash = rest.indexOf("/");
  const rawRev = slash === -1 ? rest : rest.slice(0, slash);
  const rawPath = slash === -1 ? "" : rest.slice(slash + 1);
  try {
    return { revision: decodeURIComponent(rawRev) || "main", path: decodeURIComponent(rawPath).replace(/\/+$/, "") };
  } catch {
    throw hubError(400, "Malformed percent-encoding in the path");
  }
}

/**
 * Checks a path of a repo file: a bucket-style path, and nothing inside `.git/` (the Hub refuses those).
 * @returns the path
 * @throws HubError 400 naming `field`
 */
export function validateRepoPath(path: string, field: string): string {
  validateBucketPath(path, { field });
  if (path === ".git" || path.startsWith(".git/")) throw hubError(400, `Invalid ${field} "${path}": files inside .git/ cannot be committed`);
  return path;
}

/** `ns/name` from the route params. */
export function bucketIdOf(c: Context): string {
  return `${c.req.param("ns")}/${c.req.param("name")}`;
}

/** The request's origin (`http://127.0.0.1:PORT`), for absolute URLs (Link headers, casUrl). */
export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}

/**
 * The zod issues of a refused body as one line, `path: message; …` (`body` for the root), the form
 * every 400 of the bucket routes has used (tests and the Hub's clients show it as is).
 */
export function issuesOf(error: z.ZodError, root = "body"): string {
  return error.issues.map((i) => `${i.path.join(".") || root}: ${i.message}`).join("; ");
}

/**
 * Validates `value` with `schema`; a refusal is a 400 `"{prefix}: {issues}"` naming each field.
 * @throws HubError 400
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string, root = "body"): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw hubError(400, `${prefix}: ${issuesOf(r.error, root)}`);
  return r.data;
}

/**
 * A JSON body of at most `limit` bytes; with `emptyIsObject`, an empty (or blank) body is `{}` (the repo
 * routes: huggingface_hub sends some bodies without one).
 * @throws HubError 400 when it is not JSON, 413 when too large
 */
export async function jsonOf(c: Context, limit: number, what: string, emptyIsObject = false): Promise<unknown> {
  const text = new TextDecoder().decode(await readBody(c, limit, what));
  if (emptyIsObject && !text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw hubError(400, `The ${what} must be JSON`);
  }
}

/**
 * The JSON values of an NDJSON body (a bucket batch, spec §3.5; a repo commit), one per non-blank
 * line, with the line's 1-based number for error messages.
 * @throws HubError 400 `{what} line N is not JSON`
 */
export function ndjsonLines(text: string, what: string): { line: number; json: unknown }[] {
  const out: { line: number; json: unknown }[] = [];
  text.split("\n").forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, json: JSON.parse(raw) });
    } catch {
      throw hubError(400, `${what} line ${i + 1} is not JSON`);
    }
  });
  return out;
}

/** Default and largest page size of tree listings; `?limit=` picks another (tests use small pages). */
export const TREE_PAGE = { default: 1000, max: 10000 } as const;

/**
 * One page of `items` (sorted by `key`), with an absolute `Link: <…>; rel="next"` when more follow
 * (spec §1 "Pagination"). `?limit=` sets the page size (`pageSize`, default {@link TREE_PAGE}: 1000, max 10000), `?cursor=` is the
 * base64url of the last key of the previous page.
 */
export function paginate<T>(
  c: Context, items: { key: string; item: T }[], pageSize: { default: number; max: number } = TREE_PAGE,
): Response {
  const limitParam = c.req.query("limit");
  const limit = limitParam === undefined ? pageSize.default : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > pageSize.max) throw hubError(400, `limit must be an integer in 1..${pageSize.max}`);
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

/** Parses `Range: bytes=S-E` / `bytes=S-` / `bytes=-N` against `size`; null when absent or multi-range. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== "" && Number(m[2]) < start) return null;
  }
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** Name of the cookie the folder page sets after its sign-in form (routes/pages.ts). */
export const HUB_TOKEN_COOKIE = "hub_token";

/**
 * The caller from `Authorization: Bearer` or, failing that, from the `hub_token` cookie set by the
 * folder page's sign-in form (browsers cannot send a header on a plain link). An unknown cookie token
 * is ignored (anonymous), an unknown header token is a 401 as everywhere else.
 */
export function callerWithCookie(ctx: HubContext, c: Context): Caller | null {
  const fromHeader = getCaller(ctx, c);
  if (fromHeader) return fromHeader;
  const cookie = c.req.header("cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${HUB_TOKEN_COOKIE}=([^;]+)`).exec(cookie);
  if (!m) return null;
  const record = ctx.identity.token(decodeURIComponent(m[1]));
  const user = record ? ctx.identity.account(record.userName) : null;
  if (!record || !user) return null;
  const scopes = record.kind === "oauth" ? oauthTokenScopes(ctx.db, record.token) ?? [] : null;
  return { user, orgs: ctx.identity.orgsOf(user.name), token: record, scopes };
}

/**
 * The volume rule of the job spec: the bucket exists, the caller may read it, and write it unless
 * `readOnly`; its `path` is a folder reached without a symlink (or does not exist yet). Model, dataset
 * and Space volumes: runner/repo-volumes.ts `repoVolumeProblem`.
 */
export function bucketVolumeCheck(ctx: HubContext, caller: Caller): BucketVolumeCheck {
  return (volume, field) => {
    if (volume.type !== "bucket") return repoVolumeProblem(ctx, caller, volume, field);
    const bucket = getBucket(ctx, volume.source);
    if (!bucket || !canReadBucket(caller, bucket)) {
      return `${field}.source: bucket "${volume.source}" does not exist or you don't have access to it`;
    }
    // An OAuth token reaches a bucket through a job only within its repo scopes, as through the bucket
    // routes (store/buckets.ts requireBucket): `jobs` alone mounts no private bucket and writes none.
    if (bucket.private && !repoScopeAllows(caller, "read")) {
      return `${field}.source: bucket "${volume.source}" is private and this OAuth token was not granted the scope to read repos (needs read-repos, write-repos or manage-repos)`;
    }
    if (volume.readOnly !== true && !canWriteBucket(caller, bucket)) {
      return `${field}: you cannot write to bucket "${volume.source}"; mount it with readOnly: true`;
    }
    if (volume.readOnly !== true && !repoScopeAllows(caller, "write")) {
      return `${field}: this OAuth token was not granted the scope to write repos (needs write-repos or manage-repos), so bucket "${volume.source}" can only be mounted with readOnly: true`;
    }
    // A folder reached through a symlink (a job can plant one) would mount a host folder (issue 9, item 2).
    const problem = bucketFolderProblem(ctx, bucket, volume.path ?? "");
    if (problem) return `${field}.path "${volume.path ?? ""}" cannot be mounted: ${problem}`;
    return null;
  };
}

/** `{id, name, type}` of a namespace the caller belongs to. */
export function ownerOf(ctx: HubContext, namespace: string): OwnerRef {
  const account = ctx.identity.account(namespace);
  if (!account) throw hubError(404, `Namespace ${namespace} not found`);
  return { id: account.id, name: account.name, type: account.type };
}

/** Reads a JSON body. @throws HubError 400 when it is not JSON */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw hubError(400, "The request body must be JSON");
  }
}

/**
 * Constant-time equality of two strings compared as UTF-8 bytes, for signatures from a URL: false (not
 * the RangeError of `timingSafeEqual`, a 500) when the byte lengths differ, as for a non-ASCII `sig`.
 */
export function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
