import { createRepo, pathsInfo, uploadFiles } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, type JobsHub } from "@/test-support/jobs-hub";
import { xetFileHash } from "./xet-file-hash";

describe("xetFileHash", () => {
  let t: JobsHub;
  beforeAll(async () => {
    t = await startJobsHub();
  });
  afterAll(() => t.hub.close());

  it("matches the xetHash the bucket reports after an @huggingface/hub upload (small, multi-chunk, empty)", async () => {
    const big = new Uint8Array(300_000);
    for (let i = 0; i < big.length; i += 1) big[i] = (i * 2654435761) >>> 24;
    const files = [
      { path: "a.txt", content: new Blob(["hello xet"]) },
      { path: "big.bin", content: new Blob([big]) },
      { path: "empty", content: new Blob([]) },
    ];
    const repo = { type: "bucket" as const, name: `${t.base.namespace}/hash-check` };
    await createRepo({ repo, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
    await uploadFiles({ repo, files, accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
    const infos = await pathsInfo({ repo, paths: files.map((f) => f.path), accessToken: t.base.accessToken, hubUrl: t.base.hubUrl });
    for (const f of files) {
      const info = infos.find((i) => i.path === f.path);
      expect(info?.xetHash, f.path).toBe(await xetFileHash(f.content));
    }
    expect(await xetFileHash(new Blob([])) ).toBe("0".repeat(64));
  });
});
