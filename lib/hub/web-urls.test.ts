import { describe, expect, it } from "vitest";
import { bucketWebUrl, encodePath, fileWebUrl, folderWebUrl, jobWebUrl, resolveUrl } from "./web-urls";

describe("web URLs", () => {
  it("builds the job page and the folder share link", () => {
    expect(jobWebUrl("https://huggingface.co/", "alice", "687fb701029421ae5549d998")).toBe("https://huggingface.co/jobs/alice/687fb701029421ae5549d998");
    expect(folderWebUrl("https://huggingface.co", "alice", "20260415T092902-5ca267")).toBe(
      "https://huggingface.co/buckets/alice/jobs-artifacts/tree/20260415T092902-5ca267",
    );
    expect(bucketWebUrl("http://127.0.0.1:4399", "org")).toBe("http://127.0.0.1:4399/buckets/org/jobs-artifacts");
  });
  it("C10: percent-encodes path segments like quote(safe='/') and keeps /", () => {
    const path = "20260415T092902-5ca267/données #1?.csv";
    expect(fileWebUrl("https://hf.co", "a", path)).toBe("https://hf.co/buckets/a/jobs-artifacts/tree/20260415T092902-5ca267/donn%C3%A9es%20%231%3F.csv");
    expect(resolveUrl("https://hf.co", "a", `/${path}`)).toBe("https://hf.co/buckets/a/jobs-artifacts/resolve/20260415T092902-5ca267/donn%C3%A9es%20%231%3F.csv");
    expect(encodePath("a/it's (1)!*.txt")).toBe("a/it%27s%20%281%29%21%2A.txt");
    expect(decodeURIComponent(encodePath("x/données #1?.csv"))).toBe("x/données #1?.csv");
  });
});
