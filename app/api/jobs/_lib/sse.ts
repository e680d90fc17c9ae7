import "server-only";

/**
 * Serializes one Server-Sent Event. Multi-line data is split into several `data:` lines as the SSE
 * format requires, so a payload can never inject its own `id:` or `event:` field.
 */
export function sseEvent({ id, event, data }: { id?: string | number; event?: string; data: string }): string {
  let out = "";
  if (event) out += `event: ${event}\n`;
  if (id !== undefined) out += `id: ${id}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** Headers of an SSE response that proxies must not buffer or cache. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "private, no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

/**
 * Turns an async generator of SSE chunks into a streaming Response body. The generator is
 * `return()`ed when the browser goes away (cancel), so upstream readers are released in its
 * `finally` (STYLE.md convention 12). A `: keep-alive` comment goes out every `keepAliveMs` so idle
 * proxies don't cut the stream.
 */
export function sseResponse({
  chunks,
  abort,
  keepAliveMs = 15_000,
}: {
  chunks: AsyncGenerator<string>;
  /** aborted when the browser goes away, so a pending upstream read ends at once */
  abort?: AbortController;
  keepAliveMs?: number;
}): Response {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          clearInterval(timer);
        }
      }, keepAliveMs);
    },
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) {
          clearInterval(timer);
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        clearInterval(timer);
        controller.enqueue(encoder.encode(sseEvent({ event: "error", data: JSON.stringify({ message: err instanceof Error ? err.message : "stream failed" }) })));
        controller.close();
      }
    },
    async cancel() {
      clearInterval(timer);
      // A pending next() holds the generator; aborting its upstream fetch lets return() run now.
      abort?.abort();
      await chunks.return(undefined);
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
