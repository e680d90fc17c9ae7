import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FormEntry } from "./launch-form";
import { LaunchBodyError } from "./launch-body-error";
import { PendingFile } from "./pending-file";
import { receiveLaunchForm } from "./receive-launch-form";
import { END, gatedRequest, part } from "@/test-support/multipart-body";

const parent = mkdtempSync(join(tmpdir(), "spool-test-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function multipart(form: FormData): Request {
  return new Request("http://localhost/api/launch", { method: "POST", body: form });
}

function formDataOf(entries: FormEntry[]): FormData {
  const form = new FormData();
  for (const [key, value] of entries) {
    if (typeof value === "string") form.append(key, value);
    else form.append(key, value, value.name);
  }
  return form;
}

async function readAll(blob: Blob): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of blob.stream() as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
  return Buffer.concat(chunks);
}

const SCRIPT = "# /// script\n# dependencies = []\n# ///\nprint(1)\n";
const inputFor = (files: { path: string; size: number }[], extra: object = {}) => JSON.stringify({ namespace: "alice", script: "train.py", files, ...extra });

describe("receiveLaunchForm, a large file handed over while it arrives (issue 15)", () => {
  const big = randomBytes(5 * 1024 * 1024 + 123);

  it("answers before the large file arrived; the file streams its exact bytes and closes only once the body ended", async () => {
    const head = Buffer.concat([part("input", inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "data/big.bin", size: big.length }])), part("file", SCRIPT, "train.py")]);
    const tail = Buffer.concat([part("file", big, "data/big.bin"), END]);
    const g = gatedRequest(head, tail);
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.streaming).toBe(true);
    const pending = r.value.entries.find(([, v]) => v instanceof PendingFile)?.[1];
    if (!(pending instanceof PendingFile)) throw new Error("no pending file");
    expect([pending.name, pending.size, pending.complete]).toEqual(["data/big.bin", big.length, false]);
    const script = r.value.entries.find(([k]) => k === "file")?.[1] as File;
    expect(await script.text()).toBe(SCRIPT);
    // The bytes had not been sent when the form was handed over: they arrive while being read.
    const read = readAll(pending);
    g.release();
    expect((await read).equals(big)).toBe(true);
    expect(pending.complete).toBe(true);
    expect(await r.value.finish()).toEqual({ ok: true });
    expect(r.value.fileBytes()).toBe(SCRIPT.length + big.length);
    await r.value.cleanup();
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("a file that arrives with another size than listed errors its reader, naming the file", async () => {
    const head = Buffer.concat([part("input", inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length + 1 }])), part("file", SCRIPT, "train.py")]);
    const g = gatedRequest(head, Buffer.concat([part("file", big, "big.bin"), END]));
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const pending = r.value.entries.find(([, v]) => v instanceof PendingFile)?.[1] as PendingFile;
    g.release();
    const err = await readAll(pending).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchBodyError);
    expect(String(err)).toMatch(/"big\.bin" changed size while sending/);
    expect(await r.value.finish()).toEqual({ ok: true });
    await r.value.cleanup();
  });

  it("an unlisted file after the hand-over fails the body and the pending file's reader", async () => {
    const head = Buffer.concat([part("input", inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }])), part("file", SCRIPT, "train.py")]);
    const g = gatedRequest(head, Buffer.concat([part("file", big, "big.bin"), part("file", "x", "extra.txt"), END]));
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const pending = r.value.entries.find(([, v]) => v instanceof PendingFile)?.[1] as PendingFile;
    g.release();
    await expect(readAll(pending)).rejects.toThrow(/"extra\.txt" was sent but not listed/);
    expect(pending.complete).toBe(false);
    expect(await r.value.finish()).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/extra\.txt/) } });
    await r.value.cleanup();
  });

  it("a body cut off inside the large file errors the reader; nobody reading still lets the body end", async () => {
    const head = Buffer.concat([part("input", inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }])), part("file", SCRIPT, "train.py")]);
    const cut = part("file", big, "big.bin").subarray(0, 3_000_000);
    const g = gatedRequest(head, cut);
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const pending = r.value.entries.find(([, v]) => v instanceof PendingFile)?.[1] as PendingFile;
    g.release();
    await expect(readAll(pending)).rejects.toThrow(/could not be read|interrupted/);
    expect(await r.value.finish()).toMatchObject({ ok: false, error: { code: "invalid_input" } });

    // The launch gave up before reading (e.g. an invalid spec): finish() drains the rest of the body.
    const g2 = gatedRequest(head, Buffer.concat([part("file", big, "big.bin"), END]));
    const r2 = await receiveLaunchForm(g2.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r2.ok) throw new Error(r2.error.message);
    g2.release();
    expect(await r2.value.finish()).toEqual({ ok: true });
    await g2.sentAll;
    await Promise.all([r.value.cleanup(), r2.value.cleanup()]);
  });

  it("files in another order than listed: a later file nobody reads yet goes to disk and reads back whole", async () => {
    const second = randomBytes(4 * 1024 * 1024 + 7);
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "b.bin", size: second.length }, { path: "a.bin", size: big.length }];
    const head = Buffer.concat([part("input", inputFor(files)), part("file", SCRIPT, "train.py")]);
    const g = gatedRequest(head, Buffer.concat([part("file", big, "a.bin"), part("file", second, "b.bin"), END]));
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 20_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const byName = new Map(r.value.entries.filter(([, v]) => v instanceof PendingFile).map(([, v]) => [(v as PendingFile).name, v as PendingFile]));
    expect([...byName.keys()]).toEqual(["a.bin", "b.bin"]);
    g.release();
    // Read a.bin first (the part being sent), b.bin only after: it was spooled meanwhile.
    const a = await readAll(byName.get("a.bin") as PendingFile);
    const b = await readAll(byName.get("b.bin") as PendingFile);
    expect(a.equals(big) && b.equals(second)).toBe(true);
    expect(await r.value.finish()).toEqual({ ok: true });
    await r.value.cleanup();
  });

  it("the byte limit holds while streaming (payload_too_large), and reuseFolder or a late script spools everything", async () => {
    const head = Buffer.concat([part("input", inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }])), part("file", SCRIPT, "train.py")]);
    const g = gatedRequest(head, Buffer.concat([part("file", big, "big.bin"), END]));
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 4_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const pending = r.value.entries.find(([, v]) => v instanceof PendingFile)?.[1] as PendingFile;
    g.release();
    await expect(readAll(pending)).rejects.toThrow(/more than/);
    expect(await r.value.finish()).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
    await r.value.cleanup();

    for (const [input, order] of [
      [inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }], { reuseFolder: "20261201T120000-abcdef" }), "script first"],
      [inputFor([{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }]), "script last"],
    ] as const) {
      const parts = order === "script first" ? [part("file", SCRIPT, "train.py"), part("file", big, "big.bin")] : [part("file", big, "big.bin"), part("file", SCRIPT, "train.py")];
      const sent = gatedRequest(Buffer.concat([part("input", input), ...parts, END]), new Uint8Array());
      sent.release();
      const whole = await receiveLaunchForm(sent.request, { maxFileBytes: 10_000_000, dir: parent });
      if (!whole.ok) throw new Error(whole.error.message);
      expect(whole.value.streaming).toBe(false);
      expect(whole.value.entries.some(([, v]) => v instanceof PendingFile)).toBe(false);
      await whole.value.cleanup();
    }
  });
});

describe("receiveLaunchForm, a small launch", () => {
  it("keeps listed files of up to 1 MiB in all in memory: no temp folder is made, every byte is there", async () => {
    const config = randomBytes(300_000);
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "configs/a.bin", size: config.length }];
    const sent = gatedRequest(Buffer.concat([part("input", inputFor(files)), part("file", SCRIPT, "train.py"), part("file", config, "configs/a.bin"), END]), new Uint8Array());
    sent.release();
    const before = readdirSync(parent).length;
    const r = await receiveLaunchForm(sent.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    expect(readdirSync(parent)).toHaveLength(before);
    const got = r.value.entries.filter(([k]) => k === "file").map(([, v]) => v as File);
    expect(got.map((f) => f.name)).toEqual(["train.py", "configs/a.bin"]);
    expect(await (got[0] as File).text()).toBe(SCRIPT);
    expect(Buffer.from(await (got[1] as File).arrayBuffer()).equals(config)).toBe(true);
    await r.value.cleanup();
  });

  it("parts that each fit but together pass 1 MiB, sent at once, go to disk: not 'larger than listed' (pentest finding)", async () => {
    // Their headers reach the parser in one read, before the first part's bytes were counted.
    const a = randomBytes(600_000);
    const b = randomBytes(600_000);
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "a.bin", size: a.length }, { path: "b.bin", size: b.length }];
    const sent = gatedRequest(Buffer.concat([part("input", inputFor(files)), part("file", SCRIPT, "train.py"), part("file", a, "a.bin"), part("file", b, "b.bin"), END]), new Uint8Array());
    sent.release();
    const r = await receiveLaunchForm(sent.request, { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const got = r.value.entries.filter(([k]) => k === "file").map(([, v]) => v as File);
    expect(got.map((f) => f.name)).toEqual(["train.py", "a.bin", "b.bin"]);
    expect(Buffer.from(await (got[1] as File).arrayBuffer()).equals(a)).toBe(true);
    expect(Buffer.from(await (got[2] as File).arrayBuffer()).equals(b)).toBe(true);
    await r.value.cleanup();
  });

  it("a file larger than listed cannot make it hold more than 1 MiB in memory", async () => {
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "liar.bin", size: 10 }];
    const sent = gatedRequest(Buffer.concat([part("input", inputFor(files)), part("file", SCRIPT, "train.py"), part("file", randomBytes(1_500_000), "liar.bin"), END]), new Uint8Array());
    sent.release();
    const r = await receiveLaunchForm(sent.request, { maxFileBytes: 10_000_000, dir: parent });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/"liar\.bin" is larger than listed/) } });
  });
});

describe("receiveLaunchForm", () => {
  it("keeps text fields, folder paths in file names and every byte; cleanup removes the temp folder", async () => {
    const big = randomBytes(3_000_000);
    const form = new FormData();
    form.set("input", JSON.stringify({ namespace: "alice" }));
    form.append("file", new File([big], "data/part-1.bin"), "data/part-1.bin");
    form.append("file:configs/a b ä.yaml", new File(["lr: 1\n"], "a b ä.yaml"), "a b ä.yaml");
    form.append("file", new File([], "empty.txt"), "empty.txt");
    const r = await receiveLaunchForm(multipart(form), { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const { entries, fileBytes, cleanup } = r.value;
    const out = formDataOf(entries);
    expect(out.get("input")).toBe(JSON.stringify({ namespace: "alice" }));
    const files = out.getAll("file") as File[];
    expect(files.map((f) => f.name)).toEqual(["data/part-1.bin", "empty.txt"]);
    expect(Buffer.from(await (files[0] as File).arrayBuffer()).equals(big)).toBe(true);
    expect((files[1] as File).size).toBe(0);
    const renamed = out.get("file:configs/a b ä.yaml") as File;
    expect(renamed.name).toBe("a b ä.yaml");
    expect(await renamed.text()).toBe("lr: 1\n");
    expect(fileBytes()).toBe(big.length + 6);
    expect(readdirSync(parent)).toHaveLength(1);
    await cleanup();
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("stops reading at the byte limit across parts, answers payload_too_large and leaves nothing behind", async () => {
    const form = new FormData();
    form.set("input", "{}");
    form.append("file", new File([randomBytes(600_000)], "a.bin"), "a.bin");
    form.append("file", new File([randomBytes(600_000)], "b.bin"), "b.bin");
    const r = await receiveLaunchForm(multipart(form), { maxFileBytes: 1_000_000, dir: parent });
    expect(r).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("refuses a body that is not multipart, and a truncated multipart body, as invalid_input", async () => {
    const json = new Request("http://localhost/api/launch", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await receiveLaunchForm(json, { maxFileBytes: 1000, dir: parent })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const cut = new Request("http://localhost/api/launch", {
      method: "POST",
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.py"\r\n\r\nprint(1)',
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
    });
    expect(await receiveLaunchForm(cut, { maxFileBytes: 1000, dir: parent })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(readdirSync(parent)).toHaveLength(0);
  });
});

describe("receiveLaunchForm, malformed forms (pentest, issue 15)", () => {
  it("refuses a second input field: the receiver and the launch must read the same one", async () => {
    const big = randomBytes(5 * 1024 * 1024);
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }];
    // The launch reads the first input (reuseFolder: hashes re-read the file); streaming used the last.
    const body = Buffer.concat([
      part("input", inputFor(files, { reuseFolder: "20261201T120000-abcdef" })),
      part("input", inputFor(files)),
      part("file", SCRIPT, "train.py"),
      part("file", big, "big.bin"),
      END,
    ]);
    const g = gatedRequest(body, new Uint8Array());
    g.release();
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 10_000_000, dir: parent });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/input/) } });
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("a form over the field count limit is refused, not silently cut (busboy drops parts past its limits)", async () => {
    const junk = Array.from({ length: 64 }, (_, i) => part(`x${i}`, "1"));
    const body = Buffer.concat([...junk, part("input", inputFor([{ path: "train.py", size: SCRIPT.length }])), part("file", SCRIPT, "train.py"), END]);
    const g = gatedRequest(body, new Uint8Array());
    g.release();
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 10_000_000, dir: parent });
    expect(r).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/too many/i) } });
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("bytes drained after the launch answered still count toward the limit (a client cannot send without end)", async () => {
    const a = randomBytes(5 * 1024 * 1024);
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "a.bin", size: a.length }, { path: "b.bin", size: 5 * 1024 * 1024 }];
    const head = Buffer.concat([part("input", inputFor(files)), part("file", SCRIPT, "train.py")]);
    // b.bin arrives with 20 MiB, after nobody reads any more (the launch failed early, say).
    const g = gatedRequest(head, Buffer.concat([part("file", a, "a.bin"), part("file", randomBytes(20 * 1024 * 1024), "b.bin"), END]));
    const r = await receiveLaunchForm(g.request, { maxFileBytes: 12 * 1024 * 1024, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const finished = r.value.finish();
    g.release();
    expect(await finished).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
    await r.value.cleanup();
  });

  it("spooling stops short of filling the temp disk (concurrent launches each spool up to the limit)", async () => {
    const { bavail, bsize } = statfsSync(parent);
    const form = new FormData();
    form.set("input", "{}");
    form.append("file", new File([randomBytes(1000)], "a.bin"), "a.bin");
    // Asks for more free space than the disk has: the first spooled byte is refused.
    const r = await receiveLaunchForm(multipart(form), { maxFileBytes: 10_000_000, dir: parent, minFreeDiskBytes: bavail * bsize + 1024 ** 4 });
    expect(r).toMatchObject({ ok: false, error: { code: "payload_too_large", message: expect.stringMatching(/disk space/) } });
    expect(readdirSync(parent)).toHaveLength(0);
    const fine = await receiveLaunchForm(multipart(form), { maxFileBytes: 10_000_000, dir: parent });
    expect(fine.ok).toBe(true);
    if (fine.ok) await fine.value.cleanup();
  });

  it("past the streaming limit a launch is received whole first (stalled clients cannot pin upload buffers without bound)", async () => {
    const big = randomBytes(5 * 1024 * 1024);
    const files = [{ path: "train.py", size: SCRIPT.length }, { path: "big.bin", size: big.length }];
    const head = Buffer.concat([part("input", inputFor(files)), part("file", SCRIPT, "train.py")]);
    const stalled = gatedRequest(head, Buffer.concat([part("file", big, "big.bin"), END]));
    const first = await receiveLaunchForm(stalled.request, { maxFileBytes: 10_000_000, dir: parent, maxStreamingLaunches: 1 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.streaming).toBe(true);
    const sent = gatedRequest(Buffer.concat([head, part("file", big, "big.bin"), END]), new Uint8Array());
    sent.release();
    const second = await receiveLaunchForm(sent.request, { maxFileBytes: 10_000_000, dir: parent, maxStreamingLaunches: 1 });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.streaming).toBe(false);
    const file = second.value.entries.find(([, v]) => typeof v !== "string" && v.name === "big.bin")?.[1] as File;
    expect(Buffer.from(await file.arrayBuffer()).equals(big)).toBe(true);
    await second.value.cleanup();
    // The slot is given back once the first launch is cleaned up.
    stalled.release();
    expect(await first.value.finish()).toEqual({ ok: true });
    await first.value.cleanup();
    const third = gatedRequest(head, Buffer.concat([part("file", big, "big.bin"), END]));
    const again = await receiveLaunchForm(third.request, { maxFileBytes: 10_000_000, dir: parent, maxStreamingLaunches: 1 });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.streaming).toBe(true);
    third.release();
    await again.value.finish();
    await again.value.cleanup();
  });
});

