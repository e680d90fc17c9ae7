import { describe, expect, it } from "vitest";
import { CRON_ALIASES, CRON_PRESETS, checkCron, describeCron } from "./cron";

const from = new Date("2026-11-29T16:18:00Z"); // a Sunday

function runs(schedule: string, count = 5): string[] {
  const result = checkCron({ schedule, from, count });
  if (!result.ok) throw new Error(`expected "${schedule}" to be accepted: ${result.message}`);
  return result.nextRuns.map((d) => d.toISOString());
}

function refusal(schedule: string): string {
  const result = checkCron({ schedule, from });
  if (result.ok) throw new Error(`expected "${schedule}" to be refused`);
  return result.message;
}

describe("checkCron: next runs in UTC", () => {
  it("every 5 minutes (hub-jobs-api §8.1 example)", () => {
    expect(runs("*/5 * * * *")).toEqual([
      "2026-11-29T16:20:00.000Z",
      "2026-11-29T16:25:00.000Z",
      "2026-11-29T16:30:00.000Z",
      "2026-11-29T16:35:00.000Z",
      "2026-11-29T16:40:00.000Z",
    ]);
  });

  it("09:00 every Monday (hub-jobs-api §8.1 example)", () => {
    expect(runs("0 9 * * 1", 3)).toEqual(["2026-11-30T09:00:00.000Z", "2026-12-07T09:00:00.000Z", "2026-12-14T09:00:00.000Z"]);
  });

  it("expands every documented alias", () => {
    expect(runs("@hourly", 2)).toEqual(["2026-11-29T17:00:00.000Z", "2026-11-29T18:00:00.000Z"]);
    expect(runs("@daily", 2)).toEqual(["2026-11-30T00:00:00.000Z", "2026-12-01T00:00:00.000Z"]);
    expect(runs("@weekly", 2)).toEqual(["2026-12-06T00:00:00.000Z", "2026-12-13T00:00:00.000Z"]);
    expect(runs("@monthly", 2)).toEqual(["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(runs("@yearly", 2)).toEqual(["2027-01-01T00:00:00.000Z", "2028-01-01T00:00:00.000Z"]);
    expect(runs("@annually", 1)).toEqual(["2027-01-01T00:00:00.000Z"]);
    for (const alias of CRON_ALIASES) expect(checkCron({ schedule: alias, from }).ok).toBe(true);
  });

  it("ORs day-of-month and day-of-week when both are restricted (POSIX)", () => {
    expect(runs("0 0 1 1 1", 3)).toEqual(["2027-01-01T00:00:00.000Z", "2027-01-04T00:00:00.000Z", "2027-01-11T00:00:00.000Z"]);
  });

  it("accepts names in any case, 7 for Sunday, lists, ranges and steps", () => {
    expect(runs("5 4 * * SUN", 1)).toEqual(["2026-12-06T04:05:00.000Z"]);
    expect(runs("5 4 * * 7", 1)).toEqual(["2026-12-06T04:05:00.000Z"]);
    expect(runs("0 0 1 jul *", 1)).toEqual(["2027-07-01T00:00:00.000Z"]);
    expect(runs("0 0 * * wed", 1)).toEqual(["2026-12-02T00:00:00.000Z"]);
    expect(runs("0,30 8-10/2 * * *", 3)).toEqual(["2026-11-30T08:00:00.000Z", "2026-11-30T08:30:00.000Z", "2026-11-30T10:00:00.000Z"]);
  });

  it("keeps the typed schedule (trimmed) for the wire and the expansion for display", () => {
    const result = checkCron({ schedule: "  @daily ", from });
    expect(result).toMatchObject({ ok: true, schedule: "@daily", expanded: "0 0 * * *" });
  });

  it("leap day only: the next run is years away, not 'never'", () => {
    expect(runs("0 0 29 2 *", 2)).toEqual(["2028-02-29T00:00:00.000Z", "2032-02-29T00:00:00.000Z"]);
  });

  it("defaults to five runs", () => {
    const result = checkCron({ schedule: "@hourly", from });
    expect(result.ok && result.nextRuns.length).toBe(5);
  });
});

describe("checkCron: refusals (field case B30)", () => {
  it("catches schedules that never run", () => {
    expect(refusal("0 0 31 2 *")).toMatch(/never runs/);
    expect(refusal("0 0 30 2 *")).toMatch(/never runs/);
  });

  it("refuses the B30 repro inputs with precise messages", () => {
    expect(refusal("*/5 * * *")).toMatch(/exactly 5 fields.*has 4/);
    expect(refusal("0 0 */1 * * SAT-MON")).toMatch(/exactly 5 fields.*has 6/);
    expect(refusal("@every 5m")).toMatch(/Unknown alias "@every 5m"/);
    expect(refusal("60 * * * *")).toBe('The minute field allows 0–59, not "60".');
  });

  it("aliases are lower-case only, with a hint", () => {
    expect(refusal("@Daily")).toBe("Write the alias in lower case: @daily.");
    expect(refusal("@HOURLY")).toBe("Write the alias in lower case: @hourly.");
  });

  it("refuses non-POSIX extensions and malformed fields", () => {
    expect(refusal("0 0 L * *")).toMatch(/non-standard cron extension/);
    expect(refusal("0 0 ? * *")).toMatch(/non-standard cron extension/);
    expect(refusal("0 0 * * 5#2")).toMatch(/non-standard cron extension/);
    expect(refusal("0 0 15W * *")).toMatch(/non-standard cron extension/);
    expect(refusal("0 24 * * *")).toBe('The hour field allows 0–23, not "24".');
    expect(refusal("0 0 0 * *")).toBe('The day of month field allows 1–31, not "0".');
    expect(refusal("0 0 * 13 *")).toBe('The month field allows 1–12, not "13".');
    expect(refusal("0 0 * * 8")).toBe('The day of week field allows 0–7, not "8".');
    expect(refusal("*/0 * * * *")).toMatch(/step of 0/);
    expect(refusal("5-1 * * * *")).toMatch(/runs backwards/);
    expect(refusal("1,,2 * * * *")).toMatch(/empty list item/);
    expect(refusal("0 0 * * funday")).toMatch(/names like mon/);
    expect(refusal("")).toMatch(/Enter a schedule/);
  });
});

describe("describeCron", () => {
  it.each([
    ["@hourly", "Every hour, at minute 0"],
    ["@daily", "Every day at 00:00 UTC"],
    ["@weekly", "Every Sunday at 00:00 UTC"],
    ["@monthly", "On the 1st of every month at 00:00 UTC"],
    ["@annually", "Every year on January 1 at 00:00 UTC"],
    ["* * * * *", "Every minute"],
    ["*/5 * * * *", "Every 5 minutes"],
    ["15 * * * *", "Every hour, at minute 15"],
    ["0 */6 * * *", "Every 6 hours, at minute 0"],
    ["30 9 * * *", "Every day at 09:30 UTC"],
    ["0 9 * * 1", "Every Monday at 09:00 UTC"],
    ["0 9 * * mon", "Every Monday at 09:00 UTC"],
    ["0 9 * * 1-5", "Every weekday (Monday–Friday) at 09:00 UTC"],
    ["0 10 * * 0,6", "Every Saturday and Sunday at 10:00 UTC"],
    ["0 3 2 * *", "On the 2nd of every month at 03:00 UTC"],
    ["0 3 11 * *", "On the 11th of every month at 03:00 UTC"],
    ["0 3 23 * *", "On the 23rd of every month at 03:00 UTC"],
    ["0 12 25 12 *", "Every year on December 25 at 12:00 UTC"],
  ])("%s → %s", (schedule, words) => {
    expect(describeCron(schedule)).toBe(words);
  });

  it("falls back to the raw cron for other shapes", () => {
    expect(describeCron("0,30 8-10/2 * * *")).toBe('Cron "0,30 8-10/2 * * *" (UTC)');
    expect(describeCron("0 0 1 1 1")).toBe('Cron "0 0 1 1 1" (UTC)');
  });

  it("every preset is a valid schedule with a description", () => {
    for (const preset of CRON_PRESETS) {
      const result = checkCron({ schedule: preset.value, from });
      expect(result.ok, preset.value).toBe(true);
      expect(describeCron(preset.value)).not.toMatch(/^Cron "/);
    }
  });
});

describe("checkCron: bare aliases", () => {
  it("reads `hourly`, `daily`… as the @ alias and sends it with the @", () => {
    for (const alias of CRON_ALIASES) {
      const r = checkCron({ schedule: ` ${alias.slice(1)} `, from: new Date("2026-01-01T00:30:00Z"), count: 1 });
      expect(r.ok && r.schedule).toBe(alias);
    }
    const daily = checkCron({ schedule: "daily", from: new Date("2026-01-01T00:30:00Z"), count: 1 });
    expect(daily.ok && daily.nextRuns[0]?.toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });
  it("still refuses other words and an upper-case bare alias", () => {
    expect(checkCron({ schedule: "nightly" }).ok).toBe(false);
    expect(checkCron({ schedule: "Daily" }).ok).toBe(false);
  });
});
