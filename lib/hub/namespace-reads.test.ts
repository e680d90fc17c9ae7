import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { listJobsPage } from "./list-jobs-page";
import { NamespaceReads } from "./namespace-reads";
import { tokenKey } from "./ttl-cache";

/**
 * The coalescing cache of namespace reads, against a running local Hub: what counts is how many
 * requests the Hub served (its `/__test/requests` log), and that a token the Hub refuses never reads
 * through another caller's answer.
 */
describe("NamespaceReads: one Hub read per namespace per poll interval", () => {
  let t: JobsHub;
  let reads: NamespaceReads<Awaited<ReturnType<typeof listJobsPage>>>;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());
  beforeEach(async () => {
    reads = new NamespaceReads(3_000);
    await t.api("/__test/requests", { method: "DELETE" });
  });
  const listCalls = async () =>
    ((await (await t.api("/__test/requests")).json()) as { path: string }[]).filter((r) => r.path === `/api/jobs/${t.base.namespace}`).length;
  const read = async (token: string, now?: number) =>
    reads.read({ namespace: t.base.namespace, key: "list", tokenKey: await tokenKey(token), now, load: () => listJobsPage({ ...t.base, accessToken: token }) });

  it("five readers with one token within the interval cost one Hub request; after the interval, one more", async () => {
    const now = Date.now();
    const first = await read(t.base.accessToken, now);
    for (let k = 0; k < 4; k++) expect(await read(t.base.accessToken, now + 100 * k)).toEqual(first);
    expect(await listCalls()).toBe(1);
    await read(t.base.accessToken, now + 3_001);
    expect(await listCalls()).toBe(2);
  });

  it("simultaneous reads of a proven token join the one in-flight Hub request", async () => {
    const now = Date.now();
    await read(t.base.accessToken, now);
    await t.api("/__test/requests", { method: "DELETE" });
    const later = now + 3_500;
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => read(t.base.accessToken, later)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await listCalls()).toBe(1);
  });

  it("another token allowed in the namespace goes to the Hub once, then shares", async () => {
    const other = ((await (await t.api("/__test/tokens", { method: "POST", body: JSON.stringify({ role: "read" }) })).json()) as { token: string }).token;
    const now = Date.now();
    await read(t.base.accessToken, now);
    await read(other, now + 10);
    await read(other, now + 20);
    expect(await listCalls()).toBe(2);
  });

  it("a token the Hub refuses never gets the shared answer, and failures are not cached", async () => {
    const stranger = ((await (await t.api("/__test/users", { method: "POST", body: JSON.stringify({ name: `stranger${Date.now()}` }) })).json()) as { token: string }).token;
    await t.api("/__test/requests", { method: "DELETE" });
    const now = Date.now();
    await read(t.base.accessToken, now);
    await expect(read(stranger, now + 10)).rejects.toMatchObject({ statusCode: 403 });
    await expect(read(stranger, now + 20)).rejects.toMatchObject({ statusCode: 403 });
    expect(await listCalls()).toBe(3);
  });

  it("a read in flight when forget() runs does not bring its older answer back afterwards", async () => {
    const key = await tokenKey(t.base.accessToken);
    const now = Date.now();
    let loads = 0;
    let release: (v: string) => void = () => undefined;
    const slow = () => {
      loads++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const local = new NamespaceReads<string>(3_000);
    // Unproven token: its answer is stored only once it arrives, which here is after the mutation's forget().
    const inFlight = local.read({ namespace: "ns", key: "list", tokenKey: key, now, load: slow });
    local.forget("ns");
    release("before the mutation");
    expect(await inFlight).toBe("before the mutation");
    const after = await local.read({ namespace: "ns", key: "list", tokenKey: key, now: now + 1, load: () => (loads++, Promise.resolve("after the mutation")) });
    expect(after).toBe("after the mutation");
    expect(loads).toBe(2);
  });

  it("a failed load is not shared with the next read; forget() drops a namespace's answers", async () => {
    const key = await tokenKey(t.base.accessToken);
    const now = Date.now();
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("hub down"));
    };
    await expect(reads.read({ namespace: "ns", key: "list", tokenKey: key, now, load: failing })).rejects.toThrow("hub down");
    await expect(reads.read({ namespace: "ns", key: "list", tokenKey: key, now, load: failing })).rejects.toThrow("hub down");
    expect(calls).toBe(2);
    await read(t.base.accessToken, now);
    reads.forget(t.base.namespace);
    await read(t.base.accessToken, now + 1);
    expect(await listCalls()).toBe(2);
  });
});
