import { describe, expect, it } from "vitest";
import { parseSse, type SseEvent } from "./sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(enc.encode(c));
      controller.close();
    },
  });
}
async function collect(chunks: string[]): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of parseSse(streamOf(chunks))) out.push(e);
  return out;
}

describe("parseSse", () => {
  it("accepts data with or without the space and ignores comments (C07)", async () => {
    const events = await collect(['data: {"data":"a"}\n\n', ": keep-alive\n\n", 'data:{"data":"b"}\n\n']);
    expect(events.map((e) => e.data)).toEqual(['{"data":"a"}', '{"data":"b"}']);
    expect(events[0]?.event).toBe("message");
  });
  it("handles CRLF and CR line ends, event names, ids and multi-line data", async () => {
    const events = await collect(["event: metric\r\nid: 7\r\ndata: x\r\ndata: y\r\n\r\n", "data: z\r\r"]);
    expect(events).toEqual([
      { event: "metric", id: "7", data: "x\ny" },
      { event: "message", id: "7", data: "z" },
    ]);
  });
  it("reassembles events split across chunks, even one byte at a time and inside a CRLF", async () => {
    const text = 'data: {"data":"hello"}\r\n\r\n: ping\n\ndata: second\n\n';
    expect((await collect(text.split(""))).map((e) => e.data)).toEqual(['{"data":"hello"}', "second"]);
  });
  it("delivers a last event whose blank line never came", async () => {
    expect((await collect(["data: one\n\ndata: two"])).map((e) => e.data)).toEqual(["one", "two"]);
  });
  it("decodes multi-byte UTF-8 split across chunks", async () => {
    const bytes = new TextEncoder().encode("data: données ✓\n\n");
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of bytes) c.enqueue(new Uint8Array([b]));
        c.close();
      },
    });
    const out: string[] = [];
    for await (const e of parseSse(stream)) out.push(e.data);
    expect(out).toEqual(["données ✓"]);
  });
});
