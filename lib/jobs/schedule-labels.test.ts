import { describe, expect, it } from "vitest";
import type { ApiJob } from "@/lib/hub/api-types";
import { APP_LABELS, LAUNCH_KEY_LABEL } from "./constants";
import { launchInputOf } from "./launch-input-of";
import {
  decodeTimeZoneLabel,
  encodeTimeZoneLabel,
  isLineageRun,
  replacementLabels,
  encodeCronLabel,
  decodeCronLabel,
  SCHEDULE_LINEAGE_LABEL,
  SCHEDULE_LOCAL_CRON_LABEL,
  SCHEDULE_REPLACES_LABEL,
  SCHEDULE_TIME_ZONE_LABEL,
  scheduleLineageOf,
} from "./schedule-labels";
import { toJobView } from "./view";

const LABEL_VALUE = /^[A-Za-z0-9._-]{0,100}$/;

describe("time zone label", () => {
  it("round-trips IANA names through a valid label value", () => {
    for (const tz of ["Europe/Paris", "America/Argentina/Buenos_Aires", "America/Port-au-Prince", "Etc/GMT+5", "Etc/GMT-14", "Asia/Kolkata"]) {
      const v = encodeTimeZoneLabel(tz);
      expect(v).toMatch(LABEL_VALUE);
      expect(decodeTimeZoneLabel(v)).toBe(tz);
    }
  });
  it("gives null for no label or an unknown zone", () => {
    expect(decodeTimeZoneLabel(undefined)).toBeNull();
    expect(decodeTimeZoneLabel("")).toBeNull();
    expect(decodeTimeZoneLabel("Mars.Olympus")).toBeNull();
  });
});

describe("cron label", () => {
  it("round-trips a cron through a label-safe value, and refuses what does not fit", () => {
    for (const c of ["0 9 * * 1-5", "*/15 8-18 * * mon-fri", "@daily", "30 1,13 1 jan,jul *"]) {
      const v = encodeCronLabel(c);
      expect(v).toMatch(LABEL_VALUE);
      expect(decodeCronLabel(v ?? undefined)).toBe(c);
    }
    expect(encodeCronLabel("1,".repeat(40) + "2 * * * *")).toBeNull();
    expect(decodeCronLabel("not base64!")).toBeNull();
  });
});

describe("replacementLabels / scheduleLineageOf", () => {
  it("keeps the user's labels, drops the app's, links to the replaced schedule and its lineage", () => {
    const first = replacementLabels({ oldId: "aaa", oldLabels: { name: "nightly", team: "x", [LAUNCH_KEY_LABEL]: "k".repeat(20) }, cron: "0 9 * * 1-5", timeZone: "Europe/Paris", appLabels: APP_LABELS });
    expect(first).toEqual({
      name: "nightly",
      team: "x",
      [SCHEDULE_LINEAGE_LABEL]: "aaa",
      [SCHEDULE_REPLACES_LABEL]: "aaa",
      [SCHEDULE_TIME_ZONE_LABEL]: "Europe.Paris",
      [SCHEDULE_LOCAL_CRON_LABEL]: encodeCronLabel("0 9 * * 1-5"),
    });
    for (const v of Object.values(first)) expect(v).toMatch(LABEL_VALUE);
    expect(scheduleLineageOf("bbb", first)).toEqual({ timeZone: "Europe/Paris", localCron: "0 9 * * 1-5", lineage: "aaa", replaces: "aaa" });
    // a second edit, back to UTC: the lineage stays the first schedule's id, the zone goes
    const second = replacementLabels({ oldId: "bbb", oldLabels: first, cron: "@daily", timeZone: "UTC", appLabels: APP_LABELS });
    expect(second).toEqual({ name: "nightly", team: "x", [SCHEDULE_LINEAGE_LABEL]: "aaa", [SCHEDULE_REPLACES_LABEL]: "bbb" });
    expect(scheduleLineageOf("ccc", second)).toEqual({ timeZone: null, localCron: null, lineage: "aaa", replaces: "bbb" });
    expect(scheduleLineageOf("aaa", { name: "nightly" })).toEqual({ timeZone: null, localCron: null, lineage: "aaa", replaces: null });
  });
  it("schedule labels are app labels: never put back into a user's form", () => {
    for (const k of [SCHEDULE_LINEAGE_LABEL, SCHEDULE_REPLACES_LABEL, SCHEDULE_TIME_ZONE_LABEL]) expect(APP_LABELS).toContain(k);
    const job = toJobView(
      {
        type: "job",
        id: "0123456789abcdef01234567",
        dockerImage: "python:3.12",
        command: ["python3", "-c", "print(1)"],
        flavor: "cpu-basic",
        labels: { name: "n", team: "x", [SCHEDULE_LINEAGE_LABEL]: "aaa", [SCHEDULE_REPLACES_LABEL]: "bbb", [SCHEDULE_TIME_ZONE_LABEL]: "Europe.Paris" },
        status: { stage: "COMPLETED" },
        createdAt: "2026-12-01T12:00:00.000Z",
      } as unknown as ApiJob,
      "alice",
    );
    expect(launchInputOf(job).labels).toEqual({ team: "x" });
  });
});

describe("isLineageRun", () => {
  const run = (initiatorId: string | null, labels: Record<string, string> = {}) => ({ initiator: initiatorId ? { type: "scheduled-job", id: initiatorId } : null, labels });
  it("counts runs of the schedule, of the first one, and any run with the lineage label", () => {
    expect(isLineageRun(run("ccc"), "ccc", "aaa")).toBe(true);
    expect(isLineageRun(run("aaa"), "ccc", "aaa")).toBe(true);
    expect(isLineageRun(run("bbb", { [SCHEDULE_LINEAGE_LABEL]: "aaa" }), "ccc", "aaa")).toBe(true);
    expect(isLineageRun(run("zzz"), "ccc", "aaa")).toBe(false);
    expect(isLineageRun(run(null, { [SCHEDULE_LINEAGE_LABEL]: "other" }), "ccc", "aaa")).toBe(false);
    expect(isLineageRun({ initiator: { type: "user", id: "aaa" }, labels: {} }, "ccc", "aaa")).toBe(false);
  });
});
