import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FileName, pageSummary } from "./outputs-panel";

// Rendered to HTML in Node (the project has no DOM test environment).
describe("outputs panel wording and layout", () => {
  it("pluralises the page footer", () => {
    expect(pageSummary({ count: 1, totalBytes: 18 })).toBe("1 entry on this page · 18 B in files");
    expect(pageSummary({ count: 2, totalBytes: 0 })).toBe("2 entries on this page · 0 B in files");
  });

  it("lets a file name wrap after . _ - (not mid-word first) and keeps the whole name as the title", () => {
    const html = renderToStaticMarkup(<FileName name="train_metrics-final.jsonl" />);
    expect(html).toContain('title="train_metrics-final.jsonl"');
    expect(html).not.toContain("break-all");
    expect(html.replace(/<\/?span[^>]*>/g, "")).toBe("train_<wbr/>metrics-<wbr/>final.<wbr/>jsonl");
  });
});
