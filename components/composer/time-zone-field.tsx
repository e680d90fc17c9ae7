"use client";

import { useId } from "react";
import { zonedCronToUtc } from "@/lib/jobs/zoned-cron";
import { inputClass } from "./fields";

/** The zones offered first; any IANA name the browser knows is offered after them. */
const COMMON_ZONES = ["UTC", "Europe/London", "Europe/Paris", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney"];

function allZones(browserZone: string | null): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...COMMON_ZONES, ...(browserZone ? [browserZone] : []), ...known])];
}

/**
 * "Time zone" of a schedule's cron (issue 13): UTC, or an IANA zone in which the cron is read; for a
 * zone, what the Hub will get (the UTC cron, lib/jobs/zoned-cron.ts, since the Hub takes no zone) and
 * a warning for each DST change that moves the local run time in the next year. Shared by the
 * composer's schedule picker and the schedule editor.
 */
export function TimeZoneField({
  cron,
  timeZone,
  browserZone,
  onChange,
  errors = [],
}: {
  cron: string;
  /** the chosen zone; `UTC` or empty = UTC */
  timeZone: string;
  browserZone: string | null;
  onChange: (timeZone: string) => void;
  /** what the server said about `schedule.timeZone` */
  errors?: readonly string[];
}) {
  const id = useId();
  const zoned = timeZone !== "" && timeZone !== "UTC" ? zonedCronToUtc({ schedule: cron, timeZone }) : null;
  return (
    <div className="space-y-1">
      <label htmlFor={`${id}-tz`} className="block text-sm font-medium">
        Time zone
      </label>
      <select id={`${id}-tz`} value={timeZone || "UTC"} onChange={(e) => onChange(e.target.value)} className={inputClass(errors.length > 0)} aria-describedby={`${id}-tz-hint`}>
        {allZones(browserZone).map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      <div id={`${id}-tz-hint`} className="space-y-1 text-xs text-neutral-600 dark:text-neutral-400" data-testid="zoned-cron">
        {zoned === null ? (
          <p>The cron is read in UTC, as the Hub runs it.</p>
        ) : zoned.ok ? (
          <>
            <p>
              The Hub runs schedules in UTC: it gets <code className="font-mono">{zoned.utcSchedule}</code> (UTC) for {cron.trim()} in {timeZone}.
            </p>
            {zoned.dstShifts.map((d) => (
              <p key={d.at.toISOString()} role="note" className="text-amber-800 dark:text-amber-300">
                ⚠ {d.message}
              </p>
            ))}
          </>
        ) : (
          <p role="alert" className="text-red-700 dark:text-red-300">
            {zoned.error.message}
          </p>
        )}
        {errors.map((e) => (
          <p key={e} role="alert" className="text-red-700 dark:text-red-300">
            {e}
          </p>
        ))}
      </div>
    </div>
  );
}
