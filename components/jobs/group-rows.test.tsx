import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JobView } from "@/lib/jobs/view";
import { GroupRows } from "./jobs-dashboard";
import { groupRows, type DashboardRow } from "./jobs-dashboard-model";

// Rendered to HTML in Node (the project has no DOM test environment), as jobs-empty-state.test.tsx.
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
const job = (id: string, stage: string, group: string | null): JobView =>
  ({ id, namespace: "alice", name: id, stage, createdAt: "2026-12-01T09:00:00Z", startedAt: null, finishedAt: null, durations: null, initiator: null, labels: {}, flavor: "cpu-basic", network: group ? { group, aliases: [] } : null }) as JobView;

const render = (row: DashboardRow, open: boolean) => {
  if (row.kind !== "group") throw new Error("expected a group row");
  return renderToStaticMarkup(
    <table>
      <tbody>
        <GroupRows row={row} namespace="alice" now={Date.parse("2026-12-01T10:00:00Z")} open={open} onToggle={() => undefined} />
      </tbody>
    </table>,
  );
};

describe("GroupRows (dashboard fold)", () => {
  const rows = groupRows([job("worker-1", "COMPLETED", "ddp-run"), job("worker-0", "RUNNING", "ddp-run"), job("master", "SCHEDULING", "ddp-run"), job("alone", "ERROR", null)]);

  it("folds a network group into one collapsed row naming the group, its member count and one stage", () => {
    expect(rows.map((r) => r.kind)).toEqual(["group", "job"]);
    const [group] = rows;
    if (!group) throw new Error("no rows");
    const html = render(group, false);
    expect(text(html)).toBe("▸ Network group ddp-run · 3 jobs RUNNING group page");
    expect(html).toContain('href="/jobs/alice/groups/ddp-run"');
    expect(html).toContain('aria-expanded="false"');
    expect(html).not.toContain('data-testid="job-row"');
  });

  it("lists every member, linked to its job page, once expanded", () => {
    const [group] = rows;
    if (!group) throw new Error("no rows");
    const html = render(group, true);
    expect(html).toContain('aria-expanded="true"');
    expect([...html.matchAll(/data-job-id="([^"]+)"/g)].map((m) => m[1])).toEqual(["worker-1", "worker-0", "master"]);
    expect(html).toContain('href="/jobs/alice/worker-0"');
  });

  it("still names a schedule's runs and links the schedule", () => {
    const s = (id: string): JobView => ({ ...job(id, "COMPLETED", null), initiator: { type: "scheduled-job", name: null, id: "0123456789abcdef" } });
    const [fold] = groupRows([s("r2"), s("r1")]);
    if (!fold) throw new Error("no rows");
    const html = render(fold, false);
    expect(text(html)).toBe("▸ 2 runs of schedule 01234567… latest: r2 · completed schedule");
    expect(html).toContain('href="/scheduled-jobs/alice/0123456789abcdef"');
  });
});
