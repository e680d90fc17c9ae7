import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "../../../test-support/jobs-hub";
import { SPEC_LIMITS } from "./spec-limits";

const valid = { dockerImage: "python:3.12", command: ["python3", "-c", "print(1)"], flavor: "cpu-basic" };
const many = (n: number, value = "v") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`K${i}`, value]));
const KiB = 1024;

/**
 * Sends a POST that declares `length` body bytes but sends only the first KiB, and reads the answer:
 * the Hub must refuse from the declared length, without waiting for (or buffering) the body.
 */
async function postDeclaring(t: JobsHub, path: string, length: number, type: string): Promise<{ status: number; error: string }> {
  const { port, hostname } = new URL(t.hub.url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${t.base.accessToken}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n${"x".repeat(1024)}`);
  let text = "";
  for await (const chunk of socket) {
    text += String(chunk);
    const end = text.indexOf("\r\n\r\n");
    const len = /content-length: (\d+)/i.exec(text);
    if (end >= 0 && len && text.length >= end + 4 + Number(len[1])) break;
  }
  socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]);
  const body = text.slice(text.indexOf("\r\n\r\n") + 4);
  return { status, error: (JSON.parse(body) as { error: string }).error };
}

/** One row per bound (issue 9, item 5): the spec sent and what the 400 must name. */
const rows: [bound: string, body: unknown, error: RegExp][] = [
  ["a 1 MB environment value", { ...valid, environment: { BIG: "x".repeat(1000 * 1000) } }, /environment\.BIG is 1000000 bytes; the local Hub accepts values of at most 65536 bytes/],
  ["a 100 KiB secret value", { ...valid, secrets: { TOKEN: "s".repeat(100 * KiB) } }, /secrets\.TOKEN is 102400 bytes/],
  ["too many environment variables", { ...valid, environment: many(257) }, /environment has 257 variables; the local Hub accepts at most 256/],
  ["too many secrets", { ...valid, secrets: many(257) }, /secrets has 257 secrets; the local Hub accepts at most 256/],
  ["environment and secrets together", { ...valid, environment: many(100, "e".repeat(2 * KiB)), secrets: many(100, "s".repeat(2 * KiB)) }, /environment and secrets hold \d+ bytes together; the local Hub accepts at most 262144/],
  ["10,000 labels", { ...valid, labels: many(10_000) }, /labels has 10000 labels; the local Hub accepts at most 64/],
  ["one huge argument", { ...valid, arguments: ["a".repeat(100 * KiB)] }, /arguments\[0\] is 102400 bytes; the local Hub accepts at most 65536 bytes per argument/],
  ["too many arguments", { ...valid, arguments: Array.from({ length: 5000 }, () => "a") }, /command and arguments have 5003 elements; the local Hub accepts at most 4096/],
  ["argv bytes", { ...valid, arguments: Array.from({ length: 8 }, () => "a".repeat(40 * KiB)) }, /command and arguments hold \d+ bytes; the local Hub accepts at most 262144/],
  ["too many volumes", { ...valid, volumes: Array.from({ length: 33 }, (_, i) => ({ type: "bucket", source: "local-user/v", mountPath: `/d${i}` })) }, /volumes has 33 volumes; the local Hub accepts at most 32/],
  ["a long mountPath", { ...valid, volumes: [{ type: "bucket", source: "local-user/v", mountPath: `/${"m".repeat(1100)}` }] }, /volumes\[0\]\.mountPath is longer than 1024 characters/],
  ["a long image name", { ...valid, dockerImage: `python:${"3".repeat(600)}` }, /dockerImage is 607 characters; the local Hub accepts at most 512/],
  ["timeoutSeconds over 7 days", { ...valid, timeoutSeconds: 8 * 24 * 3600 }, /timeoutSeconds 691200 is more than the local Hub's maximum of 604800 seconds/],
];

describe("every job input is bounded", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());

  it.each(rows)("400 naming the field: %s", async (_bound, body, error) => {
    const res = await t.api("/api/jobs/local-user", { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(error);
  });

  it("creates nothing for a refused spec, and accepts a spec right at the bounds", async () => {
    expect(await (await t.api("/api/jobs/local-user")).json()).toEqual([]);
    const res = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({ ...valid, labels: many(SPEC_LIMITS.labels), environment: { V: "x".repeat(SPEC_LIMITS.envValueBytes) }, timeoutSeconds: SPEC_LIMITS.timeoutSecondsMax }),
    });
    expect(res.status).toBe(200);
  });

  it("answers 413 to a job spec body over 1 MiB, naming the limit, on jobs and scheduled jobs", async () => {
    for (const path of ["/api/jobs/local-user", "/api/scheduled-jobs/local-user"]) {
      const res = await postDeclaring(t, path, 1024 * KiB + 1, "application/json");
      expect(res.status).toBe(413);
      expect(res.error).toMatch(/larger than the local Hub's limit of 1048576 bytes/);
    }
  });

  it("bounds the label PUT, label filters, cron and the body of every other route", async () => {
    const job = (await (await t.api("/api/jobs/local-user", { method: "POST", body: JSON.stringify(valid) })).json()) as { id: string };
    const put = await t.api(`/api/jobs/local-user/${job.id}/labels`, { method: "PUT", body: JSON.stringify({ labels: many(65) }) });
    expect(put.status).toBe(400);
    expect(((await put.json()) as { error: string }).error).toMatch(/labels has 65 labels/);
    const filters = Array.from({ length: 51 }, (_, i) => `label=k${i}`).join("&");
    const list = await t.api(`/api/jobs/local-user?${filters}`);
    expect(list.status).toBe(400);
    expect(((await list.json()) as { error: string }).error).toMatch(/at most 50 label filters/);
    const cron = await t.api("/api/scheduled-jobs/local-user", { method: "POST", body: JSON.stringify({ jobSpec: valid, schedule: `${"0 ".repeat(150)}` }) });
    expect(cron.status).toBe(400);
    expect(((await cron.json()) as { error: string }).error).toMatch(/schedule is 300 characters; the local Hub accepts at most 256/);
    const sj = await t.api("/api/scheduled-jobs/local-user", { method: "POST", body: JSON.stringify({ jobSpec: { ...valid, labels: many(100) }, schedule: "@daily" }) });
    expect(sj.status).toBe(400);
    expect(((await sj.json()) as { error: string }).error).toMatch(/jobSpec\.labels has 100 labels/);
    for (const path of ["/oauth/token", `/api/jobs/local-user/${job.id}/labels`, "/api/buckets/local-user/b"]) {
      expect((await postDeclaring(t, path, 1024 * KiB + 1, "application/x-www-form-urlencoded")).status).toBe(413);
    }
  });
});
