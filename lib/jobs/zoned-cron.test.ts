import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { offsetMinutes, zonedCronToUtc } from "./zoned-cron";

const winter = new Date("2026-01-10T00:00:00Z");

/** The next local wall-clock times at which a UTC cron fires, read in `tz` through Intl. */
function localTimes(utcCron: string, tz: string, from: Date, n: number): string[] {
  const c = new Cron(utcCron, { timezone: "UTC", mode: "5-part", paused: true });
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: tz, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return c.nextRuns(n, from).map((d) => fmt.format(d));
}

describe("zonedCronToUtc", () => {
  it("converts a weekday 09:00 in Paris (winter) and warns about the March DST change", () => {
    const r = zonedCronToUtc({ schedule: "0 9 * * 1-5", timeZone: "Europe/Paris", from: winter });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.utcSchedule).toBe("0 8 * * 1-5");
    expect(r.offsetMinutes).toBe(60);
    expect(localTimes(r.utcSchedule, "Europe/Paris", winter, 5).every((t) => t.endsWith("09:00"))).toBe(true);
    expect(r.dstShifts.map((s) => s.at.toISOString())).toEqual(["2026-03-29T01:00:00.000Z", "2026-10-25T01:00:00.000Z"]);
    expect(r.dstShifts[0]?.message).toBe("From 2026-03-29 (Europe/Paris changes to UTC+02:00), the job runs at 10:00 instead of 09:00 local time: the Hub keeps schedules in UTC.");
    expect(r.dstShifts[1]?.message).toBe("From 2026-10-25 (Europe/Paris changes to UTC+01:00), the job is back at 09:00 local time: the Hub keeps schedules in UTC.");
    // summer in Sydney: the schedule is converted at +11 and moves when it ends in April
    const syd = zonedCronToUtc({ schedule: "0 7 * * *", timeZone: "Australia/Sydney", from: winter });
    expect(syd).toMatchObject({ ok: true, utcSchedule: "0 20 * * *", offsetMinutes: 660 });
    if (syd.ok) expect(syd.dstShifts[0]?.message).toBe("From 2026-04-04 (Australia/Sydney changes to UTC+10:00), the job runs at 06:00 instead of 07:00 local time: the Hub keeps schedules in UTC.");
  });
  it("moves the day of week when the shift crosses midnight (Tokyo, no DST)", () => {
    const r = zonedCronToUtc({ schedule: "30 1 * * mon", timeZone: "Asia/Tokyo", from: winter });
    expect(r).toMatchObject({ ok: true, utcSchedule: "30 16 * * 0", dstShifts: [] });
    if (r.ok) expect(localTimes(r.utcSchedule, "Asia/Tokyo", winter, 3)).toEqual(["Mon 01:30", "Mon 01:30", "Mon 01:30"]);
  });
  it("shifts minutes for part-hour zones and keeps hourly aliases when nothing moves", () => {
    expect(zonedCronToUtc({ schedule: "*/15 * * * *", timeZone: "Asia/Kolkata", from: winter })).toMatchObject({ ok: true, utcSchedule: "0,15,30,45 * * * *" });
    expect(zonedCronToUtc({ schedule: "@hourly", timeZone: "America/New_York", from: winter })).toMatchObject({ ok: true, utcSchedule: "@hourly", dstShifts: [] });
    const kol = zonedCronToUtc({ schedule: "0 9 * * *", timeZone: "Asia/Kolkata", from: winter });
    expect(kol).toMatchObject({ ok: true, utcSchedule: "30 3 * * *" });
    expect(zonedCronToUtc({ schedule: "@daily", timeZone: "UTC", from: winter })).toMatchObject({ ok: true, utcSchedule: "@daily", offsetMinutes: 0 });
  });
  it("refuses what one UTC cron cannot say, naming the field", () => {
    expect(zonedCronToUtc({ schedule: "0 1 1 * *", timeZone: "Asia/Tokyo", from: winter })).toMatchObject({ ok: false, error: { field: "schedule" } });
    expect(zonedCronToUtc({ schedule: "0 8,10 * * *", timeZone: "Asia/Tokyo", from: winter })).toMatchObject({ ok: false, error: { field: "schedule" } });
    expect(zonedCronToUtc({ schedule: "0 9 * * *", timeZone: "Mars/Olympus", from: winter })).toMatchObject({ ok: false, error: { field: "timeZone" } });
    expect(zonedCronToUtc({ schedule: "61 9 * * *", timeZone: "Europe/Paris", from: winter })).toMatchObject({ ok: false, error: { field: "schedule" } });
  });
  it("reads offsets through Intl", () => {
    expect(offsetMinutes("America/New_York", new Date("2026-07-01T12:00:00Z"))).toBe(-240);
    expect(offsetMinutes("Australia/Lord_Howe", new Date("2026-07-01T12:00:00Z"))).toBe(630);
  });
});
