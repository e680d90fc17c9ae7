/** Writes to an open SSE response. */
export interface SseWriter {
  /** sends `data: <json>\n\n`, optionally preceded by `event: <name>` */
  data(payload: unknown, event?: string): void;
  /** ends the response; idempotent */
  close(): void;
}

const encoder = new TextEncoder();

/**
 * A `text/event-stream` Response. `setup` runs when the stream starts and may return a cleanup
 * function, called once when the stream closes from either side (client gone or `close()`).
 * Every `keepAliveMs` a `: keep-alive` comment is sent, as the Hub does (specs/hub-jobs-api.md §7.6).
 */
export function sseResponse(setup: (w: SseWriter) => (() => void) | void, keepAliveMs: number): Response {
  let cleanup: (() => void) | void;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const finish = () => {
    if (closed) return false;
    closed = true;
    if (timer) clearInterval(timer);
    if (cleanup) cleanup();
    return true;
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const writer: SseWriter = {
        data(payload, event) {
          if (closed) return;
          controller.enqueue(encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(payload)}\n\n`));
        },
        close() {
          if (finish()) controller.close();
        },
      };
      timer = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, keepAliveMs);
      cleanup = setup(writer);
      if (closed && cleanup) cleanup();
    },
    cancel() {
      finish();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
