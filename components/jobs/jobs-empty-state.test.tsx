import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { JobsEmptyState } from "./jobs-dashboard";

// Rendered to HTML in Node (the project has no DOM test environment).
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

describe("JobsEmptyState", () => {
  it("says no job matches when a stage or label filter is active, without 'No jobs yet' or 'Compose a job'", () => {
    const shown = text(renderToStaticMarkup(<JobsEmptyState pageCount={0} hubFiltered namespace="alice" />));
    expect(shown).toBe("No job matches the filters Try other filters.");
  });

  it("offers to compose a job only when there are no jobs and no filters", () => {
    const shown = text(renderToStaticMarkup(<JobsEmptyState pageCount={0} hubFiltered={false} namespace="alice" />));
    expect(shown).toBe("No jobs yet Jobs launched in alice will show here. Compose a job");
  });

  it("says the name matched nothing on this page when the page has jobs", () => {
    const shown = text(renderToStaticMarkup(<JobsEmptyState pageCount={3} hubFiltered={false} namespace="alice" />));
    expect(shown).toBe("No job on this page matches the name Try another name.");
  });
});
