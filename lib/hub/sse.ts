/**
 * A tolerant Server-Sent Events reader (WHATWG "event stream interpretation", plus leniency for what
 * the Hub and proxies send; field case C07): `data:` with or without the space, comment lines
 * (`: keep-alive`) ignored, LF / CRLF / CR line ends, multi-line `data` joined with `\n`, and a last
 * event without its blank line still delivered when the body ends. Server-side or client-side.
 */
export interface SseEvent {
  /** the `event:` field, `message` when absent */
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads events from a response body until it ends.
 * @throws whatever the body's reader throws (network error, abort); the caller decides to reconnect
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  let event = "";
  let id: string | undefined;
  let sawField = false;

  const flush = (): SseEvent | null => {
    const out = sawField && data.length > 0 ? { event: event || "message", data: data.join("\n"), ...(id !== undefined ? { id } : {}) } : null;
    data = [];
    event = "";
    sawField = false;
    return out;
  };
  const feedLine = (line: string): SseEvent | null => {
    if (line === "") return flush();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      data.push(value);
      sawField = true;
    } else if (field === "event") {
      event = value;
      sawField = true;
    } else if (field === "id") {
      if (!value.includes("\0")) id = value;
    }
    return null;
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let m: RegExpExecArray | null;
      const lineRe = /\r\n|\n|\r/g;
      let last = 0;
      while ((m = lineRe.exec(buffer)) !== null) {
        // A lone CR at the very end may be the first half of CRLF: wait for more bytes.
        if (m[0] === "\r" && m.index === buffer.length - 1) break;
        const ev = feedLine(buffer.slice(last, m.index));
        last = m.index + m[0].length;
        if (ev) yield ev;
      }
      buffer = buffer.slice(last);
    }
    buffer += decoder.decode();
    if (buffer !== "") {
      for (const line of buffer.split(/\r\n|\n|\r/)) {
        const ev = feedLine(line);
        if (ev) yield ev;
      }
    }
    const tail = flush();
    if (tail) yield tail;
  } finally {
    reader.releaseLock();
  }
}
