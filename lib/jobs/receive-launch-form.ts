import "server-only";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdtemp, rm, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { formFilePath } from "./form-file-path";
import type { FormEntry } from "./launch-form";
import { LaunchBodyError } from "./launch-body-error";
import { normalizeRelativePath } from "./normalize-relative-path";
import { PendingFile } from "./pending-file";

/**
 * A launch form as received so far. `entries` is the form in order (text fields, then files: File
 * Blobs read lazily from the temp folder, and {@link PendingFile}s for files still arriving).
 */
export interface ReceivedForm {
  entries: FormEntry[];
  /** true when some files are still arriving (the upload reads them as they come) */
  streaming: boolean;
  /** bytes of all file parts received so far (all of them once {@link finish} resolved) */
  fileBytes(): number;
  /**
   * Call once the launch has answered: whatever nobody read is drained, and the promise resolves
   * when the body has ended, with the body's own error if it failed (too large, cut off, unlisted file).
   */
  finish(): Promise<{ ok: true } | { ok: false; error: SpoolError }>;
  /** Removes the temp folder; call after {@link finish}. */
  cleanup(): Promise<void>;
}

/** Why a body could not be read: `invalid_input` (not multipart, malformed) or `payload_too_large`. */
export interface SpoolError {
  code: "invalid_input" | "payload_too_large";
  message: string;
}

export interface ReceiveOptions {
  /** most bytes all file parts together may hold */
  maxFileBytes: number;
  /** most bytes one text field (the `input` JSON) may hold; default 1 MiB */
  maxFieldBytes?: number;
  /** parent of the temp folder; default `os.tmpdir()` (honours TMPDIR) */
  dir?: string;
  /** a listed file of at least this many bytes is handed to the upload while it arrives; default 4 MiB */
  streamFromBytes?: number;
  /**
   * spooling fails the body (payload_too_large) rather than leave the temp folder's disk with less
   * free than this; default 256 MiB (a reserve for the rest of the system, not a bar to small launches on a fullish disk). Concurrent launches each spool up to `maxFileBytes`: this is what
   * keeps them together from filling the disk.
   */
  minFreeDiskBytes?: number;
  /**
   * most launches of this process streaming at once (each holds the upload's xorb buffers, up to
   * ~50 MiB, for as long as its client takes to send: a stalled client up to Node's 300 s
   * requestTimeout); past it a launch is received whole to disk first, then uploaded. Default 8.
   */
  maxStreamingLaunches?: number;
}

/** What the `input` field says about the files, read before the spec is parsed (it is parsed later, once). */
interface Listing {
  listed: string[];
  sizes: Map<string, number>;
  script: string | null;
}

const STREAM_FROM_BYTES = 4 * 1024 * 1024;
const MIN_FREE_DISK_BYTES = 256 * 1024 ** 2;
const MAX_STREAMING_LAUNCHES = 8;
/** launches of this process handed off while arriving and not cleaned up yet */
let streamingLaunches = 0;

/** Takes one of the {@link streamingLaunches} slots; the function returned gives it back (once). */
function streamingSlot(): () => void {
  streamingLaunches += 1;
  let given = false;
  return () => {
    if (!given) streamingLaunches -= 1;
    given = true;
  };
}
/** free disk space is checked again after this many bytes spooled by one part */
const DISK_CHECK_EVERY_BYTES = 64 * 1024 * 1024;
const FIELDS_LIMIT = 64;
const FILES_LIMIT = 10_000;

/**
 * Reads a `multipart/form-data` launch request as it arrives (issue 15). Text fields stay strings;
 * file parts are written to a fresh temp folder (never held in memory: `Request.formData()` kept every
 * byte and peaked near 1 GB RSS for 100 MB), until the form can be launched while the rest arrives:
 * once the `input` field is known (with every listed size a safe integer, no `reuseFolder`, which
 * re-reads contents to compare hashes) and the entry script's part was received (its PEP 723 header
 * shapes the spec), the first part of a listed file of ≥ `streamFromBytes` resolves the promise. That
 * file and every listed file not yet received are then {@link PendingFile}s: the upload reads a part
 * straight from the request when it is already waiting for it, and from the temp folder otherwise, so
 * parts in any order cannot stall the request. Otherwise the promise resolves at the end of the body.
 *
 * Checks (a size or count from a request is never trusted): `maxFileBytes` over all file parts, counted
 * as bytes arrive; `maxFieldBytes` per text field; at most 64 text fields and 10 000 file parts (more
 * fails the body: busboy would drop them silently); one `input` field; a part
 * for a file not listed, a second part for one, or a field after the hand-off fails the body; a pending
 * file errors unless exactly its listed size arrives, and closes only once the whole body was read, so
 * the upload never commits from a body that fails later. On failure before the hand-off the temp
 * folder is removed before returning.
 * @returns the received form, or a SpoolError; stream errors of the request itself (client gone) are
 *   `invalid_input` ("the upload was interrupted")
 */
export async function receiveLaunchForm(request: Request, options: ReceiveOptions): Promise<{ ok: true; value: ReceivedForm } | { ok: false; error: SpoolError }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType) || !request.body) {
    return { ok: false, error: { code: "invalid_input", message: "The launch request is not multipart form data." } };
  }
  // The temp folder is made when a part first needs the disk: a small launch never touches it.
  let folder: Promise<string> | null = null;
  const folderOf = () => (folder ??= mkdtemp(join(options.dir ?? tmpdir(), "jobs-studio-launch-")));
  let releaseSlot = (): void => undefined;
  const cleanup = () => (folder ? folder.then((f) => rm(f, { recursive: true, force: true })) : Promise.resolve()).catch(() => undefined).finally(() => releaseSlot());
  const fields: [string, string][] = [];
  const spooled: SpooledPart[] = [];
  const writes: Promise<void>[] = [];
  const pending = new Map<string, PendingFile>();
  const received = new Set<string>();
  let listing: Listing | null = null;
  let handedOff: ((form: FormParts) => void) | null = null;
  const handOff = new Promise<FormParts>((resolve) => (handedOff = resolve));
  let streaming = false;
  let fileBytes = 0;
  let position = 0;
  let fieldTooLarge = false;
  let partCount = 0;

  const parser = failingOnLimits(busboy({
    headers: { "content-type": contentType },
    preservePath: true,
    // Browsers send file and field names as raw UTF-8 in the part headers.
    defParamCharset: "utf8",
    limits: { fieldSize: options.maxFieldBytes ?? 1024 * 1024, fields: FIELDS_LIMIT, files: FILES_LIMIT, parts: FIELDS_LIMIT + FILES_LIMIT },
  }));
  const failBody = (err: Error) => parser.destroy(err);
  const counted = (stream: Readable): Transform => {
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        fileBytes += chunk.length;
        if (fileBytes > options.maxFileBytes) done(new TooLarge());
        else done(null, chunk);
      },
    });
    stream.pipe(count);
    stream.on("error", (err) => count.destroy(err));
    count.on("error", (err) => failBody(err));
    return count;
  };
  const { spool, keep } = partSinks({ counted, folderOf, failBody, writes, minFreeDiskBytes: options.minFreeDiskBytes ?? MIN_FREE_DISK_BYTES, nextPart: () => partCount++ });

  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fieldTooLarge = true;
    const misplaced = misplacedField(name, streaming, fields);
    if (misplaced) return failBody(new LaunchBodyError("invalid_input", misplaced));
    fields.push([name, value]);
    if (name === "input") listing = listingOf(value);
  });
  parser.on("file", (field, stream, info) => {
    // A part's errors are the body's, reported once by the pipeline below.
    stream.on("error", () => undefined);
    const name = info.filename ?? "";
    const path = normalized(formFilePath(field, name, position, listing?.listed ?? []));
    if (field === "file") position += 1;
    if (!streaming && listing && streamingLaunches < (options.maxStreamingLaunches ?? MAX_STREAMING_LAUNCHES) && canStream(listing, path, received, options.streamFromBytes ?? STREAM_FROM_BYTES)) {
      streaming = true;
      releaseSlot = streamingSlot();
      const order = [path, ...listing.listed.filter((p) => p !== path && !received.has(p))];
      for (const [i, p] of order.entries()) if (!pending.has(p)) pending.set(p, new PendingFile(p, listing.sizes.get(p) ?? 0, i));
      const done = handedOff;
      // A failed write fails the body, which is answered instead of this form (see below).
      void Promise.all(writes).then(async () => done?.(await formOf(fields, spooled, [...pending.values()]))).catch(() => undefined);
    }
    if (!streaming) {
      const part: SpooledPart = { field, name };
      spooled.push(part);
      received.add(path);
      const declared = listing?.sizes.get(path);
      if (declared !== undefined && keep.room() >= declared) return keep(stream, part, declared);
      void spool(stream, part).catch(() => undefined);
      return;
    }
    const target = pending.get(path);
    if (!target || received.has(path)) {
      stream.resume();
      return failBody(new LaunchBodyError("invalid_input", `"${path}" was sent but not listed, or sent twice: drop the files again`));
    }
    received.add(path);
    // Dropped, but counted: the byte limit holds for what nobody reads too.
    if (target.draining) return void counted(stream).resume();
    // The first pending file is being set up for by the launch (spec, bucket, token): it waits for
    // its reader; a later one goes to disk unless its reader is already there (no order can stall).
    if (target.hasReader || target.order === 0) return target.attachLive(counted(stream));
    void spool(stream).then((file) => target.attachDisk(file), () => undefined);
  });

  const body = pipeline(Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>), parser)
    .then(() => Promise.all(writes))
    .then(
      () => endOfBody(pending, received, fieldTooLarge),
      async (err: unknown) => {
        await Promise.allSettled(writes);
        return failedBody(pending, spoolError(err, fileBytes > options.maxFileBytes, options.maxFileBytes));
      },
    );

  // Once handed off, the form is the hand-off's: the end of the body only reports its error, if any.
  const whole = body.then(async (error) => (error ? { ok: false as const, error } : { ok: true as const, value: streaming ? null : await formOf(fields, spooled, []) }));
  const first = await Promise.race([whole.then((r) => ({ at: "end" as const, r })), handOff.then((form) => ({ at: "handoff" as const, form }))]);
  if (first.at === "end") {
    const r = first.r;
    if (!r.ok) {
      await cleanup();
      return r;
    }
    if (r.value) return { ok: true, value: { ...r.value, fileBytes: () => fileBytes, finish: async () => ({ ok: true }), cleanup } };
  }
  // Handed off (the body may have ended meanwhile; then every write is done and the form resolves).
  const form = first.at === "handoff" ? first.form : await handOff;
  return {
    ok: true,
    value: {
      ...form,
      fileBytes: () => fileBytes,
      finish: async () => {
        for (const f of pending.values()) f.drain();
        const error = await body;
        return error ? { ok: false, error } : { ok: true };
      },
      cleanup,
    },
  };
}

/** Why a text field may not come here (after the hand-off; a second `input`), or null. */
function misplacedField(name: string, streaming: boolean, fields: [string, string][]): string | null {
  if (streaming) return "The launch form's fields must come before its files: nothing was launched.";
  // The launch reads the first `input` (launch-form.ts) and streaming is planned from the one seen here: one only.
  if (name === "input" && fields.some(([n]) => n === "input")) return "The launch form has more than one input field: nothing was launched.";
  return null;
}

/** `parser`, failing the body past its limits: busboy drops such parts silently, and a form cut that way must not be launched. */
function failingOnLimits(parser: busboy.Busboy): busboy.Busboy {
  const tooMany = (what: string, most: number) => () => parser.destroy(new LaunchBodyError("invalid_input", `The launch form has too many ${what} (at most ${most}): nothing was launched.`));
  parser.on("fieldsLimit", tooMany("fields", FIELDS_LIMIT));
  parser.on("filesLimit", tooMany("files", FILES_LIMIT));
  parser.on("partsLimit", tooMany("parts", FIELDS_LIMIT + FILES_LIMIT));
  return parser;
}

/**
 * Where a received part goes before the hand-off: `spool` writes it to a new temp file (sets
 * `part.path`, resolves with the path; stops with payload_too_large before the disk's free space
 * falls under `minFreeDiskBytes`), `keep` holds it in memory (at most {@link IN_MEMORY_BYTES} for all
 * parts of a launch, counted as bytes arrive, whatever was declared: over it the body fails).
 * `room` subtracts the declared sizes of the parts already kept, not only their bytes arrived so far:
 * the parser announces the next part before a kept part's bytes are counted (they flow a tick later),
 * so two parts that fit one by one would both be kept and the second fail as "larger than listed".
 * Both push their completion onto `writes` and fail the body on error.
 */
function partSinks(p: {
  counted: (stream: Readable) => Transform;
  folderOf: () => Promise<string>;
  failBody: (err: Error) => void;
  writes: Promise<void>[];
  minFreeDiskBytes: number;
  nextPart: () => number;
}) {
  let memoryBytes = 0;
  /** declared sizes of the parts kept so far */
  let reservedBytes = 0;
  const fail = (err: unknown) => p.failBody(err instanceof Error ? err : new Error(String(err)));
  const spool = (stream: Readable, part?: SpooledPart): Promise<string> => {
    const bytes = p.counted(stream);
    const n = p.nextPart();
    const write = p.folderOf().then(async (dir) => {
      const path = join(dir, String(n));
      await pipeline(bytes, freeSpaceGuard(dir, p.minFreeDiskBytes), createWriteStream(path));
      if (part) part.path = path;
      return path;
    });
    write.catch(fail);
    p.writes.push(write.then(() => undefined));
    return write;
  };
  const keep = Object.assign(
    (stream: Readable, part: SpooledPart, declared: number): void => {
      reservedBytes += declared;
      const chunks: Buffer[] = [];
      const bytes = p.counted(stream);
      const kept = new Promise<void>((resolve, reject) => {
        bytes.on("data", (chunk: Buffer) => {
          memoryBytes += chunk.length;
          if (memoryBytes > IN_MEMORY_BYTES) return bytes.destroy(new LaunchBodyError("invalid_input", `"${part.name}" is larger than listed: drop the files again`));
          chunks.push(chunk);
        });
        bytes.on("end", () => {
          part.bytes = new Uint8Array(Buffer.concat(chunks));
          resolve();
        });
        bytes.on("error", reject);
      });
      kept.catch(fail);
      p.writes.push(kept);
    },
    { room: () => IN_MEMORY_BYTES - Math.max(memoryBytes, reservedBytes) },
  );
  return { spool, keep };
}

/**
 * Passes a part's bytes on to its temp file while the temp folder's file system keeps more than
 * `minFree` bytes free (checked with statfs before the first bytes and every
 * {@link DISK_CHECK_EVERY_BYTES}); else errors with a payload_too_large LaunchBodyError.
 */
function freeSpaceGuard(folder: string, minFree: number): Transform {
  let sinceCheck = Infinity;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      sinceCheck += chunk.length;
      if (sinceCheck < DISK_CHECK_EVERY_BYTES) return done(null, chunk);
      sinceCheck = chunk.length;
      statfs(folder).then(
        (fs) => {
          if (fs.bavail * fs.bsize - chunk.length >= minFree) return done(null, chunk);
          done(new LaunchBodyError("payload_too_large", "The server is short of temporary disk space to receive these files now: nothing was launched. Try again later, or send fewer bytes."));
        },
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
}

/** `p` normalized (lib/jobs/normalize-relative-path.ts), or as sent when it is not a usable path. */
function normalized(p: string): string {
  const n = normalizeRelativePath(p);
  return n.ok ? n.path : p;
}

class TooLarge extends Error {}

/** The body was read whole: a listed file that never came fails its reader; the others may close. */
function endOfBody(pending: Map<string, PendingFile>, received: Set<string>, fieldTooLarge: boolean): SpoolError | null {
  if (fieldTooLarge) return failedBody(pending, { code: "invalid_input", message: "The launch form's input field is too large." });
  for (const f of pending.values()) {
    if (!received.has(f.name)) f.fail(new LaunchBodyError("invalid_input", `"${f.name}" was listed but its content was not sent; drop it again`));
    f.settle(null);
  }
  return null;
}

/** The body failed: every pending file's reader gets the same error. */
function failedBody(pending: Map<string, PendingFile>, error: SpoolError): SpoolError {
  for (const f of pending.values()) f.settle(new LaunchBodyError(error.code, error.message));
  return error;
}

type FormParts = Pick<ReceivedForm, "entries" | "streaming">;

/** A file part received whole before the hand-off: in memory (`bytes`) or in a temp file (`path`). */
interface SpooledPart {
  field: string;
  name: string;
  bytes?: Uint8Array<ArrayBuffer>;
  path?: string;
}

/** Up to this many bytes in all, listed files sent before the hand-off are kept in memory, not on disk. */
const IN_MEMORY_BYTES = 1024 * 1024;

/** The entries of the form: fields, received files as Blobs (file-backed from disk), then the pending files. */
async function formOf(fields: [string, string][], spooled: SpooledPart[], pending: PendingFile[]): Promise<FormParts> {
  const entries: FormEntry[] = [...fields];
  for (const f of spooled) {
    const blob = f.bytes ? new Blob([f.bytes]) : await openAsBlob(f.path ?? "");
    entries.push([f.field, new File([blob], f.name)]);
  }
  for (const p of pending) entries.push([`file:${p.name}`, p]);
  return { entries, streaming: pending.length > 0 };
}

/** The file listing of the `input` JSON, or null when it cannot guide streaming (then nothing streams). */
function listingOf(raw: string): Listing | null {
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!input || typeof input !== "object") return null;
  const { files, script, reuseFolder } = input as { files?: unknown; script?: unknown; reuseFolder?: unknown };
  if (reuseFolder !== undefined || !Array.isArray(files)) return null;
  const sizes = new Map<string, number>();
  const listed: string[] = [];
  for (const f of files as unknown[]) {
    const { path, size } = (f ?? {}) as { path?: unknown; size?: unknown };
    if (typeof path !== "string" || typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return null;
    const n = normalizeRelativePath(path);
    if (!n.ok || n.path !== path || sizes.has(path)) return null;
    sizes.set(path, size);
    listed.push(path);
  }
  const entry = typeof script === "string" && script !== "" ? normalizeRelativePath(script) : null;
  if (entry && !entry.ok) return null;
  return { listed, sizes, script: entry ? entry.path : null };
}

/**
 * Stream `path` now? It must be listed, large and new, and the entry script (if any) received already:
 * the script itself is always spooled, as the launch reads its text.
 */
function canStream(listing: Listing, path: string, received: Set<string>, fromBytes: number): boolean {
  const size = listing.sizes.get(path);
  if (size === undefined || size < fromBytes || received.has(path) || path === listing.script) return false;
  return listing.script === null || received.has(listing.script);
}

function spoolError(err: unknown, tooLarge: boolean, maxFileBytes: number): SpoolError {
  if (err instanceof TooLarge || tooLarge) {
    return { code: "payload_too_large", message: `The files add up to more than ${formatLimit(maxFileBytes)}.` };
  }
  if (err instanceof LaunchBodyError) return { code: err.code, message: err.message };
  const detail = err instanceof Error && /Unexpected end|Malformed|boundary/i.test(err.message) ? err.message : "the upload was interrupted";
  return { code: "invalid_input", message: `The launch request could not be read (${detail}): nothing was launched.` };
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
