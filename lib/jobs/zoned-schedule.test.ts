import { describe, expect, it } from "vitest";
import { buildJobSpec } from "./build-job-spec";
import { SCHEDULE_LOCAL_CRON_LABEL, SCHEDULE_TIME_ZONE_LABEL, scheduleLineageOf } from "./schedule-labels";
import type { LaunchInput } from "./schema";

const base: LaunchInput = { namespace: "alice", files: [{ path: "train.py", size: 10 }], script: "train.py", flavor: "cpu-basic", launchKey: "k".repeat(32) };

describe("buildJobSpec: a schedule in a time zone", () => {
  it("sends the UTC cron and remembers the zone and the cron as written in app labels", () => {
    const r = buildJobSpec({ ...base, schedule: { cron: "0 9 * * *", timeZone: "Asia/Tokyo" } }, { folder: "20261201T120000-abc123" });
    expect(r.fieldErrors).toEqual({});
    expect(r.schedule).toBe("0 0 * * *");
    const labels = r.spec?.labels ?? {};
    expect(labels[SCHEDULE_TIME_ZONE_LABEL]).toBe("Asia.Tokyo");
    expect(scheduleLineageOf("x", labels)).toMatchObject({ timeZone: "Asia/Tokyo", localCron: "0 9 * * *" });
  });
  it("warns when DST will move the run, and names the field of a bad zone", () => {
    const paris = buildJobSpec({ ...base, schedule: { cron: "0 9 * * *", timeZone: "Europe/Paris" } }, { folder: "20261201T120000-abc123" });
    expect(paris.warnings.some((w) => w.includes("Europe/Paris changes to UTC"))).toBe(true);
    const bad = buildJobSpec({ ...base, schedule: { cron: "0 9 * * *", timeZone: "Mars/Olympus" } }, { folder: "20261201T120000-abc123" });
    expect(Object.keys(bad.fieldErrors)).toEqual(["schedule.timeZone"]);
    expect(bad.spec).toBeNull();
  });
  it("a UTC schedule has no zone labels, and a bare `daily` is sent as @daily", () => {
    const r = buildJobSpec({ ...base, schedule: { cron: "daily" } }, { folder: "20261201T120000-abc123" });
    expect(r.schedule).toBe("@daily");
    expect(Object.keys(r.spec?.labels ?? {})).not.toContain(SCHEDULE_TIME_ZONE_LABEL);
    expect(Object.keys(r.spec?.labels ?? {})).not.toContain(SCHEDULE_LOCAL_CRON_LABEL);
  });
});
