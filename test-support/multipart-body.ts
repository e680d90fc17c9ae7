/**
 * A multipart/form-data launch body written by hand, sent in two steps: lets a test hold the rest of
 * a file back and watch what the receiver (lib/jobs/receive-launch-form.ts) does meanwhile.
 */
const BOUNDARY = "----launch-test-boundary";
const enc = new TextEncoder();

/** One multipart part: a text field (`file` absent) or a file part named `file`. */
export function part(name: string, body: Uint8Array | string, file?: string): Uint8Array {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file !== undefined ? `; filename="${file}"` : ""}\r\n${file !== undefined ? "Content-Type: application/octet-stream\r\n" : ""}\r\n`;
  return Buffer.concat([enc.encode(head), typeof body === "string" ? enc.encode(body) : body, enc.encode("\r\n")]);
}
export const END = enc.encode(`--${BOUNDARY}--\r\n`);

/**
 * A request whose body sends `before` and the first 100 000 bytes of `after` at once, then waits for
 * `release()` before sending the rest (in 64 KiB pieces, as a socket would): lets a test see what the receiver does while bytes still arrive.
 */
export function gatedRequest(before: Uint8Array, after: Uint8Array): { request: Request; release: () => void; sentAll: Promise<void> } {
  // The next part's headers and its first bytes go out at once (as a socket sends them).
  const head = Buffer.concat([before, after.subarray(0, 100_000)]);
  const tail = after.subarray(100_000);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let sent: () => void = () => undefined;
  const sentAll = new Promise<void>((r) => (sent = r));
  let at = -1;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at < 0) {
        controller.enqueue(head);
        at = 0;
        return;
      }
      if (at === 0) await gate;
      if (at >= tail.length) {
        controller.close();
        sent();
        return;
      }
      controller.enqueue(tail.subarray(at, at + 65_536));
      at += 65_536;
    },
  });
  const request = new Request("http://localhost/api/launch", {
    method: "POST",
    body,
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    duplex: "half",
  } as RequestInit);
  return { request, release, sentAll };
}

