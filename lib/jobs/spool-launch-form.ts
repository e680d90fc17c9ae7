import "server-only";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";

/** A launch form whose files sit in a temp folder: `form` holds file-backed Blobs, read lazily. */
export interface SpooledForm {
  form: FormData;
  /** bytes of all file parts */
  fileBytes: number;
  /** Removes the temp folder; call once the launch is answered (the upload has read the files by then). */
  cleanup(): Promise<void>;
}

/** Why a body could not be spooled: `invalid_input` (not multipart, malformed) or `payload_too_large`. */
export interface SpoolError {
  code: "invalid_input" | "payload_too_large";
  message: string;
}

export interface SpoolOptions {
  /** most bytes all file parts together may hold */
  maxFileBytes: number;
  /** most bytes one text field (the `input` JSON) may hold; default 1 MiB */
  maxFieldBytes?: number;
  /** parent of the temp folder; default `os.tmpdir()` (honours TMPDIR) */
  dir?: string;
}

class TooLarge extends Error {}

/**
 * Reads a `multipart/form-data` request body as it arrives and writes each file part to its own file
 * in a fresh temp folder, so the server holds a few stream buffers instead of the whole submission
 * (`Request.formData()` keeps every byte in memory, and for 100 MB it peaked near 1 GB RSS). Text
 * fields stay strings; file parts become `fs.openAsBlob` Blobs under the same field names, with the
 * part's file name kept whole (`preservePath`: "configs/train.yaml", not "train.yaml").
 *
 * Bounds: `maxFileBytes` over all file parts (counted as bytes arrive, so a body without
 * Content-Length cannot exceed it either), `maxFieldBytes` per text field, at most 64 text fields
 * and 10 000 file parts. On any failure the temp folder is removed before returning.
 * @returns the spooled form, or a SpoolError; stream errors of the request itself (client gone) are
 *   reported as `invalid_input` ("the upload was interrupted")
 */
export async function spoolLaunchForm(request: Request, options: SpoolOptions): Promise<{ ok: true; value: SpooledForm } | { ok: false; error: SpoolError }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType) || !request.body) {
    return { ok: false, error: { code: "invalid_input", message: "The launch request is not multipart form data." } };
  }
  const folder = await mkdtemp(join(options.dir ?? tmpdir(), "jobs-studio-launch-"));
  const cleanup = () => rm(folder, { recursive: true, force: true });
  const fields: [string, string][] = [];
  const files: { field: string; name: string; path: string }[] = [];
  const writes: Promise<void>[] = [];
  let fileBytes = 0;
  let fieldTooLarge = false;
  try {
    const parser = busboy({
      headers: { "content-type": contentType },
      preservePath: true,
      // Browsers send file and field names as raw UTF-8 in the part headers.
      defParamCharset: "utf8",
      limits: { fieldSize: options.maxFieldBytes ?? 1024 * 1024, fields: 64, files: 10_000, parts: 10_064 },
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) fieldTooLarge = true;
      fields.push([name, value]);
    });
    parser.on("file", (field, stream, info) => {
      const path = join(folder, String(files.length));
      files.push({ field, name: info.filename ?? "", path });
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          fileBytes += chunk.length;
          if (fileBytes > options.maxFileBytes) done(new TooLarge());
          else done(null, chunk);
        },
      });
      const write = pipeline(stream, count, createWriteStream(path));
      // A failed part fails the whole parse: stop reading the request.
      write.catch((err: unknown) => parser.destroy(err instanceof Error ? err : new Error(String(err))));
      writes.push(write);
    });
    await pipeline(Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>), parser);
    await Promise.all(writes);
  } catch (err) {
    await Promise.allSettled(writes);
    await cleanup();
    if (err instanceof TooLarge || fileBytes > options.maxFileBytes) {
      return { ok: false, error: { code: "payload_too_large", message: `The files add up to more than ${formatLimit(options.maxFileBytes)}.` } };
    }
    const detail = err instanceof Error && /Unexpected end|Malformed|boundary/i.test(err.message) ? err.message : "the upload was interrupted";
    return { ok: false, error: { code: "invalid_input", message: `The launch request could not be read (${detail}): nothing was launched.` } };
  }
  if (fieldTooLarge) {
    await cleanup();
    return { ok: false, error: { code: "invalid_input", message: "The launch form's input field is too large." } };
  }
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  for (const f of files) form.append(f.field, await openAsBlob(f.path), f.name);
  return { ok: true, value: { form, fileBytes, cleanup } };
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
