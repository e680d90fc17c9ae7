import { createRepo } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeHubToken } from "@/test-support/fake-token";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { listBuckets } from "./list-buckets";
import { listReposByAuthor } from "./list-repos-by-author";

/** The composer's volume suggestions: a namespace's repos by kind and its buckets, from a running local Hub. */
describe("listReposByAuthor / listBuckets against a local Hub", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
    const b = { hubUrl: t.base.hubUrl, accessToken: t.base.accessToken };
    const ns = t.base.namespace;
    await createRepo({ ...b, repo: { type: "dataset", name: `${ns}/corpus` } });
    await createRepo({ ...b, repo: { type: "model", name: `${ns}/tiny` } });
    await createRepo({ ...b, repo: { type: "bucket", name: `${ns}/scratch` } });
  });
  afterAll(() => t.hub.close());

  it("lists each kind apart, as namespace/name", async () => {
    const call = { hubUrl: t.base.hubUrl, accessToken: t.base.accessToken, namespace: t.base.namespace };
    expect(await listReposByAuthor({ ...call, kind: "dataset" })).toEqual([`${t.base.namespace}/corpus`]);
    expect(await listReposByAuthor({ ...call, kind: "model" })).toEqual([`${t.base.namespace}/tiny`]);
    expect(await listReposByAuthor({ ...call, kind: "space" })).toEqual([]);
    expect(await listBuckets(call)).toContain(`${t.base.namespace}/scratch`);
  });

  it("a refused token is a HubApiError, not an empty list", async () => {
    const call = { hubUrl: t.base.hubUrl, accessToken: fakeHubToken(), namespace: "nobody-here" };
    await expect(listBuckets(call)).rejects.toMatchObject({ statusCode: expect.any(Number) });
  });
});
