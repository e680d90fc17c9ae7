import { closeSync, readSync } from "node:fs";
import type { Context } from "hono";
import { Hono } from "hono";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import type { HubEnv } from "../hub-env";
import { getFileEntry, openBucketFile } from "../store/bucket-files";
import { requireBucket, validateBucketPath } from "../store/buckets";
import { xetFileFromBucket } from "../store/job-file-xet";
import { bucketIdOf, callerWithCookie, originOf, parseRange, pathAfter } from "./helpers";

const XET_ACCEPT = "application/vnd.xet-fileinfo+json";
/** Bytes read per step when streaming a file from disk. */
const STREAM_BLOCK = 1024 * 1024;

/** Streams bytes `[start, end]` of an open file; the stream owns `opened` and closes it. */
function streamFile(opened: number, start: number, end: number): ReadableStream<Uint8Array> {
  let pos = start;
  let fd: number | null = opened;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (fd === null) return;
      if (pos > end) {
        closeSync(fd);
        fd = null;
        controller.close();
        return;
      }
      const buf = Buffer.alloc(Math.min(STREAM_BLOCK, end - pos + 1));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) {
        closeSync(fd);
        fd = null;
        controller.close();
        return;
      }
      pos += n;
      controller.enqueue(new Uint8Array(buf.buffer, buf.byteOffset, n));
    },
    cancel() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  });
}

/**
 * `GET|HEAD /buckets/{ns}/{name}/resolve/{path}` (spec §3.7). With the xet `Accept`: 200 JSON file
 * info + `X-Xet-Hash`, `X-Linked-Size`, `ETag`/`X-Linked-ETag` and the `xet-auth` /
 * `xet-reconstruction-info` Link rels. Without it: the bytes (200, or 206 + `Content-Range` for a
 * `Range`), `ETag` = quoted xetHash, served as `application/octet-stream` with `nosniff` and a
 * sandbox CSP so an uploaded HTML file never runs on the local Hub's origin. Missing file: 404 with
 * `X-Error-Code: EntryNotFound`. The `hub_token` cookie authorizes like a header.
 */
export function resolveRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();

  const handler = (c: Context) => {
    const bucket = requireBucket(ctx, callerWithCookie(ctx, c), bucketIdOf(c), "read");
    const path = pathAfter(c, `/buckets/${bucket.fullName}/resolve/`);
    validateBucketPath(path);
    const xetMode = (c.req.header("accept") ?? "").includes(XET_ACCEPT) && c.req.method === "GET";
    const entry = getFileEntry(ctx, bucket, path);
    if (!entry) throw hubError(404, `Entry not found: ${path}`, "EntryNotFound");
    // Xet mode sends the client to the CAS: make sure it has the data of a file a job wrote.
    if (xetMode && !xetFileFromBucket(ctx, entry.xetHash, [bucket], path)) {
      throw hubError(409, `${path} changed while it was being read; retry`);
    }
    const origin = originOf(c);
    const etag = `"${entry.xetHash}"`;
    const xetHeaders: Record<string, string> = {
      "X-Xet-Hash": entry.xetHash,
      "X-Linked-Size": String(entry.size),
      "X-Linked-ETag": etag,
      ETag: etag,
      "Last-Modified": new Date(entry.mtime).toUTCString(),
      Link: `<${origin}/api/buckets/${bucket.fullName}/xet-read-token>; rel="xet-auth", <${origin}/cas/v1/reconstructions/${entry.xetHash}>; rel="xet-reconstruction-info"`,
      "Accept-Ranges": "bytes",
    };
    if (xetMode) {
      return c.json(
        {
          hash: entry.xetHash, etag, size: entry.size, contentType: "application/octet-stream",
          refreshUrl: `${origin}/api/buckets/${bucket.fullName}/xet-read-token`,
          reconstructionUrl: `${origin}/cas/v1/reconstructions/${entry.xetHash}`,
        },
        200,
        { ...xetHeaders, "Content-Type": XET_ACCEPT },
      );
    }
    const plainHeaders = {
      ...xetHeaders,
      "Content-Type": "application/octet-stream",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
    };
    if (c.req.method === "HEAD") {
      return new Response(null, { status: 200, headers: { ...plainHeaders, "Content-Length": String(entry.size) } });
    }
    const range = parseRange(c.req.header("range"), entry.size);
    if (range === "unsatisfiable") {
      return new Response(JSON.stringify({ error: `Range not satisfiable for a file of ${entry.size} bytes` }), {
        status: 416, headers: { "Content-Type": "application/json", "Content-Range": `bytes */${entry.size}` },
      });
    }
    if (!range && entry.size === 0) return new Response(new Uint8Array(0), { status: 200, headers: { ...plainHeaders, "Content-Length": "0" } });
    // Opened again without following a symlink: what is served is the regular file at `path`, nothing a job linked in.
    const opened = openBucketFile(ctx, bucket, path);
    if (!opened) throw hubError(404, `Entry not found: ${path}`, "EntryNotFound");
    if (!range) {
      return new Response(streamFile(opened.fd, 0, entry.size - 1), { status: 200, headers: { ...plainHeaders, "Content-Length": String(entry.size) } });
    }
    return new Response(streamFile(opened.fd, range.start, range.end), {
      status: 206,
      headers: {
        ...plainHeaders, "Content-Length": String(range.end - range.start + 1),
        "Content-Range": `bytes ${range.start}-${range.end}/${entry.size}`,
      },
    });
  };
  app.get("/:ns/:name/resolve/*", handler);
  app.on("HEAD", "/:ns/:name/resolve/*", handler);
  return app;
}
