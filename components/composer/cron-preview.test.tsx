import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CronPreview, formatInZone } from "./cron-preview";

// Rendered to HTML in Node (the project has no DOM test environment); assertions read the markup.
const now = new Date("2026-11-29T16:18:00Z");

function render(schedule: string, timeZone: string | null = "Europe/Paris"): string {
  return renderToStaticMarkup(<CronPreview schedule={schedule} now={now} timeZone={timeZone} errorId="cron-err" />);
}

function rows(html: string): string[][] {
  return [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)]
    .slice(1) // header row
    .map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, "")));
}

describe("CronPreview", () => {
  it("lists the next five runs in UTC and in the browser's zone, with the description", () => {
    const html = render("0 9 * * 1");
    expect(html).toContain("Every Monday at 09:00 UTC");
    expect(html).toContain("Your time (Europe/Paris)");
    expect(rows(html)).toEqual([
      ["1", "Mon 2026-11-30 09:00", "Mon 2026-11-30 10:00"],
      ["2", "Mon 2026-12-07 09:00", "Mon 2026-12-07 10:00"],
      ["3", "Mon 2026-12-14 09:00", "Mon 2026-12-14 10:00"],
      ["4", "Mon 2026-12-21 09:00", "Mon 2026-12-21 10:00"],
      ["5", "Mon 2026-12-28 09:00", "Mon 2026-12-28 10:00"],
    ]);
    expect(html).toContain('dateTime="2026-11-30T09:00:00.000Z"');
  });

  it("shows a day change in the local column (UTC evening is next morning in Tokyo)", () => {
    const html = render("@daily", "Asia/Tokyo");
    expect(rows(html)[0]).toEqual(["1", "Mon 2026-11-30 00:00", "Mon 2026-11-30 09:00"]);
    const late = render("30 20 * * *", "Asia/Tokyo");
    expect(rows(late)[0]).toEqual(["1", "Sun 2026-11-29 20:30", "Mon 2026-11-30 05:30"]);
  });

  it("leaves the local column out when the browser is in UTC or its zone is not known yet", () => {
    for (const zone of ["UTC", null]) {
      const html = render("@hourly", zone);
      expect(html).not.toContain("Your time");
      expect(rows(html)[0]).toEqual(["1", "Sun 2026-11-29 17:00"]);
    }
  });

  it("says 'never runs' for February 31st, as an alert tied to the input", () => {
    const html = render("0 0 31 2 *");
    expect(html).toContain('role="alert"');
    expect(html).toContain('id="cron-err"');
    expect(html).toContain("never runs");
    expect(html).not.toContain("<table");
  });

  it("names the bad field of a malformed cron", () => {
    expect(render("60 * * * *")).toContain("The minute field allows 0–59, not &quot;60&quot;.");
    expect(render("@Daily")).toContain("Write the alias in lower case: @daily.");
    expect(render("*/5 * * *")).toContain("exactly 5 fields");
  });
});

describe("formatInZone", () => {
  it("crosses daylight saving time correctly", () => {
    expect(formatInZone(new Date("2026-07-01T09:00:00Z"), "Europe/Paris")).toBe("Wed 2026-07-01 11:00");
    expect(formatInZone(new Date("2026-12-01T09:00:00Z"), "America/New_York")).toBe("Tue 2026-12-01 04:00");
  });
});
