"use client";

import { useEffect, useId, useState, useSyncExternalStore } from "react";
import { CRON_PRESETS } from "@/lib/jobs/cron-words";
import { zonedCronToUtc } from "@/lib/jobs/zoned-cron";
import { CronPreview } from "./cron-preview";
import { FieldErrors, inputClass } from "./fields";
import { TimeZoneField } from "./time-zone-field";
import type { ScheduleState } from "./schedule-state";

export type { ScheduleState } from "./schedule-state";

const CUSTOM = "custom";

/**
 * Schedule picker: presets (every 15 min, hourly, daily, weekdays, weekly, monthly) or a custom
 * cron; the next five runs in UTC and in the browser's time zone; "never runs" and malformed crons
 * caught as the user types (lib/jobs/cron). Also the two flags the Hub takes (§8.1).
 */
export function ScheduleFields({
  value,
  onChange,
  errors,
  timeZoneErrors = [],
}: {
  value: ScheduleState;
  onChange: (v: ScheduleState) => void;
  /** errors the server returned for `schedule.*` (the live check is shown by CronPreview) */
  errors: readonly string[];
  /** errors the server returned for `schedule.timeZone` */
  timeZoneErrors?: readonly string[];
}) {
  const id = useId();
  const timeZone = useBrowserTimeZone();
  const now = useMinuteClock();
  const preset = CRON_PRESETS.some((p) => p.value === value.cron) ? value.cron : CUSTOM;
  const errorId = `${id}-cron-error`;
  // a zoned cron's next runs are those of the UTC cron the Hub will get
  const zoned = value.timeZone && value.timeZone !== "UTC" ? zonedCronToUtc({ schedule: value.cron, timeZone: value.timeZone, from: now }) : null;
  const previewCron = zoned?.ok ? zoned.utcSchedule : value.cron;
  return (
    <div className="space-y-3 rounded-md border border-neutral-200 p-3 dark:border-neutral-800" data-testid="schedule-fields">
      <div className="grid gap-3">
        <div className="space-y-1">
          <label htmlFor={`${id}-preset`} className="block text-sm font-medium">
            Repeat
          </label>
          <select
            id={`${id}-preset`}
            value={preset}
            onChange={(e) => onChange({ ...value, cron: e.target.value === CUSTOM ? (preset === CUSTOM ? value.cron : "0 9 * * 1") : e.target.value })}
            className={inputClass()}
          >
            {CRON_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            <option value={CUSTOM}>Custom cron…</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-cron`} className="block text-sm font-medium">
            {value.timeZone && value.timeZone !== "UTC" ? `Cron schedule (${value.timeZone})` : "Cron schedule (UTC)"}
          </label>
          <input
            id={`${id}-cron`}
            value={value.cron}
            onChange={(e) => onChange({ ...value, cron: e.target.value })}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-cron-hint ${errorId}`}
            aria-invalid={errors.length > 0 || undefined}
            className={`${inputClass(errors.length > 0)} font-mono`}
          />
          <p id={`${id}-cron-hint`} className="text-xs text-neutral-500 dark:text-neutral-400">
            minute hour day-of-month month day-of-week, or @hourly @daily @weekly @monthly @yearly (lower case)
          </p>
        </div>
      </div>
      <TimeZoneField cron={value.cron} timeZone={value.timeZone ?? "UTC"} browserZone={timeZone} onChange={(tz) => onChange({ ...value, timeZone: tz })} errors={timeZoneErrors} />
      <CronPreview schedule={previewCron} now={now} timeZone={zoned ? (value.timeZone ?? timeZone) : timeZone} errorId={errorId} />
      {/* The live check above already explains a bad cron; these are what the server said. */}
      <FieldErrors errors={errors} />
      <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={value.suspend} onChange={(e) => onChange({ ...value, suspend: e.target.checked })} />
          Create suspended (no runs until resumed)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={value.concurrency} onChange={(e) => onChange({ ...value, concurrency: e.target.checked })} />
          Allow overlapping runs
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={value.perRunOutputs ?? false} onChange={(e) => onChange({ ...value, perRunOutputs: e.target.checked })} />
          Per-run output folders (each run writes to /data/runs/&lt;job id&gt;/, given as OUTPUT_DIR and the working directory)
        </label>
      </div>
    </div>
  );
}

/** The browser's IANA time zone; null during server rendering (so the markup hydrates identically). */
function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(
    () => () => undefined,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}

/** Now, refreshed every 30 s, so "next runs" stay in the future while the page is open. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}
