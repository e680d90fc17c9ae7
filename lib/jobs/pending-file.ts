import "server-only";
import { openAsBlob } from "node:fs";
import type { Readable } from "node:stream";
import { LaunchBodyError } from "./launch-body-error";

/** Where a {@link PendingFile}'s bytes come from once its multipart part has arrived. */
type Source =
  | { kind: "live"; part: Readable }
  | { kind: "disk"; path: string };

/** The body-level outcome every pending file's end waits for: `null` when the body was read whole. */
export type BodyOutcome = Error | null;

/**
 * A listed launch file whose bytes are still arriving in the request body (issue 15: the upload reads
 * a large file while it is being received instead of after the whole body was spooled to disk).
 *
 * It is a `Blob` for the code that plans and uploads files (prepare-launch, @huggingface/hub's
 * `uploadFiles`, which reads `size` and calls `stream()` once: dist createXorbs `pumpBlob`):
 * - `size` is the size the `input` JSON declared; the bytes are counted as they are read, and the
 *   stream errors unless exactly that many arrive (a size from a request is never trusted);
 * - `stream()` may be called once; it delivers the part's bytes as they are received when it was
 *   called before the part arrived ("live", the request waits for this reader: backpressure), or
 *   reads them back from the temp file the receiver spooled them to when nobody was reading yet;
 * - the stream only closes once the whole request body has been read without error
 *   ({@link settle}), so nothing can be committed from a body that turns out to be malformed, to
 *   carry an unlisted file, or to be cut off;
 * - `text()`, `arrayBuffer()`, `bytes()`, `slice()` throw: the bytes can be read once, by the upload.
 * @see lib/jobs/receive-launch-form.ts, which creates and feeds these
 */
export class PendingFile extends Blob {
  readonly name: string;
  /** position among the pending files, in the order their parts are expected (upload order) */
  readonly order: number;
  readonly #size: number;
  #source: Source | null = null;
  #sourceReady: { promise: Promise<Source>; resolve: (s: Source) => void; reject: (e: Error) => void };
  #body = deferred<BodyOutcome>();
  #streamed = false;
  #live: AsyncIterator<Uint8Array> | null = null;
  #draining = false;
  #delivered = 0;
  #done = false;

  constructor(name: string, size: number, order: number) {
    super([]);
    this.name = name;
    this.#size = size;
    this.order = order;
    this.#sourceReady = deferred<Source>();
    this.#sourceReady.promise.catch(() => undefined);
  }

  override get size(): number {
    return this.#size;
  }

  /** True once `stream()` was called: a part arriving now is handed to this reader directly. */
  get hasReader(): boolean {
    return this.#streamed;
  }

  /** True when the reader got exactly `size` bytes and the stream closed. */
  get complete(): boolean {
    return this.#done;
  }

  /** The part arrived and its bytes flow straight to the reader (request paused until they are read). */
  attachLive(part: Readable): void {
    this.#setSource({ kind: "live", part });
  }

  /** The part was written whole to `path` (nobody was reading when it arrived). */
  attachDisk(path: string): void {
    this.#setSource({ kind: "disk", path });
  }

  /** The part will never come, or the body failed before it did: the reader gets `error`. */
  fail(error: Error): void {
    this.#sourceReady.reject(error);
    this.#body.resolve(error);
  }

  /**
   * Nobody will read any more (the launch answered, or the reader gave up): the rest of a live part
   * is read and dropped so the request body can end, and a part still to come is dropped on arrival.
   */
  drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    void this.#sourceReady.promise.then(
      (source) => {
        if (source.kind !== "live") return;
        const it = this.#live ?? (source.part[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>);
        void (async () => {
          try {
            while (!(await it.next()).done);
          } catch {
            // the body failed: nothing left to drain
          }
        })();
      },
      () => undefined,
    );
  }

  /** True once {@link drain} was called: the receiver drops a part that arrives for this file. */
  get draining(): boolean {
    return this.#draining;
  }

  /** The whole body was read (`null`) or failed (`Error`): lets the stream close, or errors it. */
  settle(outcome: BodyOutcome): void {
    this.#body.resolve(outcome);
    if (outcome) this.#sourceReady.reject(outcome);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (this.#streamed) throw new Error(`The bytes of "${this.name}" can be read only once`);
    this.#streamed = true;
    let next: (() => Promise<IteratorResult<Uint8Array>>) | null = null;
    let stop: (() => void) | null = null;
    return new ReadableStream<Uint8Array<ArrayBuffer>>(
      {
        pull: async (controller) => {
          if (!next) ({ next, stop } = await this.#reader());
          const { done, value } = await next().catch(async (err: unknown) => {
            // The body failed under this part: answer the receiver's account of it (too large, cut off).
            throw (await this.#body.promise) ?? err;
          });
          if (!done) {
            this.#delivered += value.byteLength;
            if (this.#delivered > this.#size) throw this.#sizeError();
            controller.enqueue(value as Uint8Array<ArrayBuffer>);
            return;
          }
          if (this.#delivered !== this.#size) throw this.#sizeError();
          const outcome = await this.#body.promise;
          if (outcome) throw outcome;
          this.#done = true;
          controller.close();
        },
        cancel: () => stop?.(),
      },
      { highWaterMark: 0 },
    );
  }

  override text(): Promise<string> {
    throw new Error(`"${this.name}" is still arriving; its bytes can only be streamed`);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    throw new Error(`"${this.name}" is still arriving; its bytes can only be streamed`);
  }

  override slice(): Blob {
    throw new Error(`"${this.name}" is still arriving; it cannot be sliced`);
  }

  #setSource(source: Source): void {
    if (this.#source) throw new Error(`"${this.name}" was sent twice`);
    this.#source = source;
    this.#sourceReady.resolve(source);
  }

  async #reader(): Promise<{ next: () => Promise<IteratorResult<Uint8Array>>; stop: () => void }> {
    const source = await this.#sourceReady.promise;
    if (source.kind === "live") {
      const it = source.part[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
      this.#live = it;
      // A reader that gives up (upload failed) must not stall the request: the rest is drained.
      return { next: () => it.next(), stop: () => this.drain() };
    }
    const reader = (await openAsBlob(source.path)).stream().getReader();
    return { next: () => reader.read() as Promise<IteratorResult<Uint8Array>>, stop: () => void reader.cancel() };
  }

  #sizeError(): Error {
    return new LaunchBodyError("invalid_input", `"${this.name}" changed size while sending (${this.#size} → ${this.#delivered}${this.#delivered > this.#size ? "+" : ""} bytes); drop it again`);
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
