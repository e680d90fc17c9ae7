import { describe, expect, it } from "vitest";
import { mergeLogLines, parseLogEvent, resumeAfter, type LogLine } from "./log-merge";
import { followLogs, type FollowStatus } from "@/components/api/jobs/job-logs";

const line = (i: number): LogLine => ({ i, t: `2026-11-29T00:00:${String(i % 60).padStart(2, "0")}.000Z`, m: `line ${i + 1}` });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k));

describe("mergeLogLines", () => {
  it("appends in order, drops a replayed prefix, and stops at a hole", () => {
    const store: LogLine[] = [];
    expect(mergeLogLines(store, range(0, 5))).toEqual({ added: 5, duplicates: 0, gapAt: null });
    // reconnect replays 3..7: 3 and 4 are duplicates
    expect(mergeLogLines(store, range(3, 8))).toEqual({ added: 3, duplicates: 2, gapAt: null });
    // 9 arrives without 8: nothing after the hole is taken
    expect(mergeLogLines(store, [line(9), line(10)])).toEqual({ added: 0, duplicates: 0, gapAt: 8 });
    expect(store.map((l) => l.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(resumeAfter(store)).toBe(7);
    expect(resumeAfter([])).toBe(-1);
  });

  it("parses only well-formed route payloads", () => {
    expect(parseLogEvent('{"i":3,"t":"x","m":"<img src=x onerror=alert(1)>"}')).toEqual({ i: 3, t: "x", m: "<img src=x onerror=alert(1)>" });
    expect(parseLogEvent("not json")).toBeNull();
    expect(parseLogEvent('{"i":"3","m":"x"}')).toBeNull();
  });
});

/** An SSE body as the logs route writes it, optionally cut after `cutAfter` lines with a network error. */
function sseBody(lines: LogLine[], { end, cutAfter }: { end: boolean; cutAfter?: number }): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const parts: string[] = [": keep-alive\n\n", 'event: open\ndata: {"after":-1}\n\n'];
  for (const l of lines.slice(0, cutAfter ?? lines.length)) parts.push(`id: ${l.i}\ndata: ${JSON.stringify(l)}\n\n`);
  if (end && cutAfter === undefined) parts.push('event: end\ndata: {"reason":"upstream-closed"}\n\n');
  let k = 0;
  return new ReadableStream({
    pull(controller) {
      if (k < parts.length) {
        // split events across chunk boundaries, like a real network read
        const p = parts[k++];
        controller.enqueue(enc.encode(p.slice(0, 5)));
        controller.enqueue(enc.encode(p.slice(5)));
      } else if (cutAfter !== undefined) controller.error(new TypeError("network error"));
      else controller.close();
    },
  });
}

describe("followLogs reconnect merge", () => {
  it("delivers lines 0..N-1 exactly once across drops, replays and a gap, then stops on a final stage", async () => {
    const N = 1200;
    const all = range(0, N);
    const requests: number[] = [];
    let call = 0;
    // The scripted server: 1st connection drops after 300 lines; 2nd ignores `after` and replays from
    // 250 (a proxy replay), then skips line 700 (a lost line) — the client must reconnect from 700;
    // 3rd serves the rest and closes cleanly.
    const fakeFetch: typeof fetch = async (input) => {
      const after = Number(new URL(String(input), "http://x").searchParams.get("after"));
      requests.push(after);
      call++;
      if (call === 1) return new Response(sseBody(all, { end: false, cutAfter: 300 }), { status: 200 });
      if (call === 2) return new Response(sseBody([...range(250, 700), ...range(701, 900)], { end: true }), { status: 200 });
      return new Response(sseBody(all.filter((l) => l.i > after), { end: true }), { status: 200 });
    };
    const store: LogLine[] = [];
    const statuses: FollowStatus["kind"][] = [];
    let jobChecks = 0;
    await followLogs({
      url: "/api/jobs/alice/j1/logs",
      store,
      onLines: () => {},
      onStatus: (s) => statuses.push(s.kind),
      // still RUNNING at the first two checks, COMPLETED afterwards
      isJobActive: async () => ++jobChecks <= 2,
      signal: new AbortController().signal,
      fetch: fakeFetch,
      minBackoffMs: 1,
      maxBackoffMs: 2,
    });
    expect(store.length).toBe(N);
    expect(store.every((l, k) => l.i === k && l.m === `line ${k + 1}`)).toBe(true);
    expect(requests).toEqual([-1, 299, 699]);
    expect(statuses.at(-1)).toBe("ended");
  });

  it("keeps reconnecting while the job is active even though the stream ended (B07/C06)", async () => {
    let call = 0;
    const fakeFetch: typeof fetch = async (input) => {
      call++;
      const after = Number(new URL(String(input), "http://x").searchParams.get("after"));
      // each connection brings 2 new lines then closes, as a SCHEDULING→RUNNING job's stream might
      return new Response(sseBody(range(after + 1, after + 3), { end: true }), { status: 200 });
    };
    const store: LogLine[] = [];
    let checks = 0;
    await followLogs({
      url: "/logs",
      store,
      onLines: () => {},
      onStatus: () => {},
      isJobActive: async () => ++checks < 4,
      signal: new AbortController().signal,
      fetch: fakeFetch,
      minBackoffMs: 1,
      maxBackoffMs: 1,
    });
    expect(call).toBe(4);
    expect(store.map((l) => l.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("hands live lines over while the stream stays open (no waiting for 100 lines or the end)", async () => {
    const enc = new TextEncoder();
    const abort = new AbortController();
    const pipe: { controller: ReadableStreamDefaultController<Uint8Array> | null } = { controller: null };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        pipe.controller = controller;
        // like a real fetch body, an abort errors the stream
        abort.signal.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
      },
    });
    const push = (text: string) => pipe.controller?.enqueue(enc.encode(text));
    const store: LogLine[] = [];
    const seen: number[] = [];
    const done = followLogs({
      url: "/logs",
      store,
      onLines: () => seen.push(store.length),
      onStatus: () => {},
      isJobActive: async () => true,
      signal: abort.signal,
      fetch: async () => new Response(body, { status: 200 }),
    });
    await new Promise((r) => setTimeout(r, 20));
    push(`id: 0\ndata: ${JSON.stringify(line(0))}\n\n`);
    await expect.poll(() => store.length).toBe(1);
    push(`id: 1\ndata: ${JSON.stringify(line(1))}\n\nid: 2\ndata: ${JSON.stringify(line(2))}\n\n`);
    await expect.poll(() => store.length).toBe(3);
    expect(seen).toEqual([1, 3]);
    abort.abort();
    await done;
  });

  it("stops with an error on a 404 instead of retrying", async () => {
    let calls = 0;
    const statuses: FollowStatus[] = [];
    await followLogs({
      url: "/logs",
      store: [],
      onLines: () => {},
      onStatus: (s) => statuses.push(s),
      isJobActive: async () => true,
      signal: new AbortController().signal,
      fetch: async () => {
        calls++;
        return Response.json({ error: { code: "not_found", message: "Job not found." } }, { status: 404 });
      },
    });
    expect(calls).toBe(1);
    expect(statuses.at(-1)).toEqual({ kind: "error", message: "Job not found.", status: 404 });
  });
});
