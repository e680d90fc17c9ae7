import { runJob } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobsHub, waitForStage, type JobsHub } from "@/test-support/jobs-hub";
import { listJobsPage, nextLink } from "./list-jobs-page";

describe("listJobsPage against a local Hub", () => {
  let t: JobsHub;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startJobsHub();
    for (let i = 0; i < 5; i += 1) {
      const job = await runJob({
        ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", `print(${i})`],
        labels: { batch: i % 2 === 0 ? "even" : "odd", n: String(i) },
      });
      ids.push(job.id);
    }
    for (const id of ids) await waitForStage(t.base, id, ["COMPLETED", "ERROR"]);
  });
  afterAll(() => t.hub.close());

  it("follows Link rel=next across pages and sees every job once (B33)", async () => {
    const seen: string[] = [];
    let pageUrl: string | undefined = `${t.base.hubUrl}/api/jobs/${t.base.namespace}?limit=2`;
    let pages = 0;
    while (pageUrl) {
      const page: Awaited<ReturnType<typeof listJobsPage>> = await listJobsPage({ ...t.base, pageUrl });
      seen.push(...page.jobs.map((j) => j.id));
      pageUrl = page.nextPageUrl ?? undefined;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
  });
  it("pushes stage and label filters to the Hub", async () => {
    const even = await listJobsPage({ ...t.base, label: ["batch=even"] });
    expect(even.jobs.map((j) => j.labels?.n).sort()).toEqual(["0", "2", "4"]);
    const both = await listJobsPage({ ...t.base, label: ["batch=odd", "n=3"], stage: ["completed"] });
    expect(both.jobs.map((j) => j.id)).toEqual([ids[3]]);
    const running = await listJobsPage({ ...t.base, stage: ["RUNNING", "SCHEDULING"] });
    expect(running.jobs).toEqual([]);
    expect(running.nextPageUrl).toBeNull();
  });
  it("refuses a page URL on another origin (the token never leaves the Hub)", async () => {
    await expect(listJobsPage({ ...t.base, pageUrl: "https://evil.example/api/jobs/x" })).rejects.toThrow(/not on/);
  });
  it("throws HubApiError with the status for Hub errors", async () => {
    await expect(listJobsPage({ ...t.base, accessToken: "hf_invalidinvalidinvalid" })).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe("nextLink", () => {
  it("reads rel=next among several links, with or without quotes and spacing, relative or absolute", () => {
    expect(nextLink('<https://h/api/jobs/a?cursor=x>; rel="next", <https://h/api/jobs/a>; rel="first"', "https://h/api/jobs/a")).toBe("https://h/api/jobs/a?cursor=x");
    expect(nextLink("</api/jobs/a?cursor=y>;rel=next", "https://h/api/jobs/a")).toBe("https://h/api/jobs/a?cursor=y");
    expect(nextLink('<https://h/x>; rel="prev"', "https://h/")).toBeNull();
    expect(nextLink(null, "https://h/")).toBeNull();
  });
});
