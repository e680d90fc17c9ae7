import { createRepo } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "../../../test-support/jobs-hub";

const valid = { dockerImage: "python:3.12", command: ["python3", "-c", "print(1)"], flavor: "cpu-basic" };
const bucketVol = (source: string, extra: Record<string, unknown> = {}) => ({ type: "bucket", source, mountPath: "/data", ...extra });

/** One row per rule of the job spec (issue 3, item 1): the body sent and what the 400 must name. */
const rows: [rule: string, body: unknown, error: RegExp][] = [
  ["body is a JSON object", ["python"], /must be a JSON object/],
  ["not both dockerImage and spaceId", { ...valid, spaceId: "me/space" }, /Exactly one of dockerImage and spaceId/],
  ["one of dockerImage and spaceId", { command: ["x"], flavor: "cpu-basic" }, /Exactly one of dockerImage and spaceId/],
  ["dockerImage a non-empty string", { ...valid, dockerImage: "" }, /dockerImage must be a non-empty string/],
  ["spaceId is owner/space", { spaceId: "no-slash", command: ["x"] }, /spaceId must be "owner\/space"/],
  ["command an array, not a shell string", { ...valid, command: "python3 -c 'print(1)'" }, /command must be an array of strings/],
  ["command items are strings", { ...valid, command: ["python3", 1] }, /command must be an array of strings/],
  ["arguments an array of strings", { ...valid, arguments: [true] }, /arguments must be an array of strings/],
  ["flavor a known hardware name", { ...valid, flavor: "gpu-huge" }, /flavor "gpu-huge" is not a known hardware flavor; see GET \/api\/jobs\/hardware/],
  ["timeoutSeconds positive", { ...valid, timeoutSeconds: 0 }, /timeoutSeconds must be a positive integer/],
  ["timeoutSeconds not negative", { ...valid, timeoutSeconds: -5 }, /timeoutSeconds must be a positive integer/],
  ["timeoutSeconds an integer", { ...valid, timeoutSeconds: 1.5 }, /timeoutSeconds must be a positive integer/],
  ["timeoutSeconds a number", { ...valid, timeoutSeconds: "300" }, /timeoutSeconds must be a positive integer/],
  ["environment values are strings", { ...valid, environment: { A: 1 } }, /environment\.A must be a string/],
  ["environment names are env names", { ...valid, environment: { "1BAD": "x" } }, /environment key "1BAD" is invalid/],
  ["secrets an object", { ...valid, secrets: ["HF_TOKEN"] }, /secrets must be an object/],
  ["label key charset", { ...valid, labels: { "bad key": "x" } }, /labels key "bad key" is invalid/],
  ["label key not empty", { ...valid, labels: { "": "x" } }, /labels key "" is invalid/],
  ["label key length", { ...valid, labels: { ["k".repeat(101)]: "x" } }, /labels key "k+" is invalid: label keys are 1 to 100 characters/],
  ["label value charset", { ...valid, labels: { name: "a/b" } }, /labels\.name value "a\/b" is invalid/],
  ["label value length", { ...valid, labels: { name: "v".repeat(101) } }, /labels\.name value "v+" is invalid: label values are at most 100 characters/],
  ["label values are strings", { ...valid, labels: { n: 1 } }, /labels\.n must be a string/],
  ["volumes an array", { ...valid, volumes: { type: "bucket" } }, /volumes must be an array/],
  ["volume type known", { ...valid, volumes: [{ ...bucketVol("local-user/mine"), type: "kernel" }] }, /volumes\[0\]\.type must be one of bucket, model, dataset, space/],
  ["volume source ns/name", { ...valid, volumes: [bucketVol("buckets/local-user/mine")] }, /volumes\[0\]\.source must be "namespace\/name"/],
  ["mountPath absolute", { ...valid, volumes: [bucketVol("local-user/mine", { mountPath: "data" })] }, /volumes\[0\]\.mountPath must be an absolute path/],
  ["mountPath normalized", { ...valid, volumes: [bucketVol("local-user/mine", { mountPath: "/data/../etc" })] }, /volumes\[0\]\.mountPath "\/data\/\.\.\/etc" must be a normalized absolute path/],
  ["mountPath not /", { ...valid, volumes: [bucketVol("local-user/mine", { mountPath: "/" })] }, /must be a normalized absolute path other than "\/"/],
  ["mountPath not a system folder", { ...valid, volumes: [bucketVol("local-user/mine", { mountPath: "/usr/x" })] }, /volumes\[0\]\.mountPath \/usr\/x is a reserved folder of the sandbox/],
  ["mountPath not a parent of the Hub's folder", { ...valid, volumes: [bucketVol("local-user/mine", { mountPath: "/opt" })] }, /volumes\[0\]\.mountPath \/opt is a reserved folder of the sandbox/],
  ["mount paths distinct", { ...valid, volumes: [bucketVol("local-user/mine"), bucketVol("local-user/mine", { path: "x" })] }, /volumes\[1\]\.mountPath "\/data" is used by another volume/],
  ["readOnly a boolean", { ...valid, volumes: [bucketVol("local-user/mine", { readOnly: "yes" })] }, /volumes\[0\]\.readOnly must be a boolean/],
  ["path relative without ..", { ...valid, volumes: [bucketVol("local-user/mine", { path: "../other" })] }, /volumes\[0\]\.path must be a relative folder path/],
  ["volume fields known", { ...valid, volumes: [bucketVol("local-user/mine", { mount_path: "/x" })] }, /volumes\[0\]\.mount_path is not a volume field/],
  ["bucket exists", { ...valid, volumes: [bucketVol("local-user/missing")] }, /volumes\[0\]\.source: bucket "local-user\/missing" does not exist or you don't have access to it/],
  ["private bucket of someone else", { ...valid, volumes: [bucketVol("mallory/private")] }, /volumes\[0\]\.source: bucket "mallory\/private" does not exist or you don't have access to it/],
  ["writable only with write access", { ...valid, volumes: [bucketVol("mallory/public")] }, /volumes\[0\]: you cannot write to bucket "mallory\/public"; mount it with readOnly: true/],
  ["no mount inside a read-only volume", { ...valid, volumes: [bucketVol("local-user/mine", { mountPath: "/r", readOnly: true }), bucketVol("local-user/mine", { mountPath: "/r/newdir" })] }, /volumes\[1\]\.mountPath "\/r\/newdir" is inside the read-only volumes\[0\] at \/r/],
  ["unknown top-level field", { ...valid, docker_image: "x" }, /docker_image is not a job spec field/],
  ["arch amd64 or arm64", { ...valid, arch: "x86" }, /arch must be "amd64" or "arm64"/],
];

describe("job spec validation (POST /api/jobs/{ns})", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub({ maxConcurrentJobs: 1 });
    const mallory = (await (await t.api("/__test/users", {
      method: "POST", body: JSON.stringify({ name: "mallory" }), headers: { "Content-Type": "application/json" },
    })).json()) as { token: string };
    const auth = { accessToken: mallory.token, hubUrl: t.base.hubUrl };
    await createRepo({ ...auth, repo: "buckets/mallory/private", visibility: "private" });
    await createRepo({ ...auth, repo: "buckets/mallory/public", visibility: "public" });
    await createRepo({ accessToken: t.base.accessToken, hubUrl: t.base.hubUrl, repo: "buckets/local-user/mine" });
  });
  afterAll(() => t.hub.close());

  it.each(rows)("400 when the rule is broken: %s", async (_rule, body, error) => {
    const res = await t.api("/api/jobs/local-user", { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const json = (await res.json()) as { error: string };
    expect(json.error).toMatch(error);
  });

  it("400 when the body is not JSON", async () => {
    const res = await t.api("/api/jobs/local-user", { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/must be JSON/);
  });

  it("accepts a spec that follows every rule, including a public bucket of someone else mounted read-only", async () => {
    const res = await t.api("/api/jobs/local-user", {
      method: "POST",
      body: JSON.stringify({
        ...valid, arguments: ["--x"], timeoutSeconds: 60, environment: { A_B: "1" }, secrets: { HF_TOKEN: "hf_x" },
        labels: { name: "my.job-1_x", empty: "" }, arch: "amd64",
        volumes: [bucketVol("local-user/mine", { path: "out/" }), bucketVol("mallory/public", { mountPath: "/in", readOnly: true })],
      }),
    });
    expect(res.status).toBe(200);
    const job = (await res.json()) as { volumes: unknown[]; timeoutSeconds: number; labels: Record<string, string> };
    expect(job.timeoutSeconds).toBe(60);
    expect(job.labels).toEqual({ name: "my.job-1_x", empty: "" });
    expect(job.volumes).toEqual([
      { type: "bucket", source: "local-user/mine", mountPath: "/data", path: "out" },
      { type: "bucket", source: "mallory/public", mountPath: "/in", readOnly: true },
    ]);
  });
});
