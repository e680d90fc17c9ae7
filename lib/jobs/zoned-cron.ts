import { Cron } from "croner";
import { checkCron } from "./cron";

/**
 * A schedule written in a chosen IANA time zone, turned into the UTC cron the Hub runs. Client-safe
 * (croner + Intl only).
 *
 * Why a conversion: the Hub's scheduled jobs take only `schedule` (no time-zone field in either
 * client, hub-jobs-api.md §8.1 "Timezone is not documented (presumably UTC)"; hub-jobs-2x.md adds
 * none), and the local Hub runs schedules in UTC (lib/local-hub/runner/job-scheduler.ts). So a
 * zoned schedule is converted once, at the zone's UTC offset of its first run, and the result is a
 * fixed UTC schedule: where the zone changes its offset (DST) within the next year, the job then runs
 * at another local time, and a warning says when and at what local time.
 *
 * What converts: minute and hour fields that are `*`, numbers, ranges, steps or lists of them; the
 * shift may move the run to the previous/next day, which is expressed on the day-of-week field
 * (when day-of-month and month are `*`). What cannot be said in one 5-field cron is refused with a
 * reason (e.g. "1st of the month at 01:00 Asia/Tokyo" is the last day of the previous month in UTC;
 * hours whose shift splits across two days; a minute shift that does not keep minutes × hours a grid).
 */
export interface DstShift {
  /** the first instant at the new offset */
  at: Date;
  fromOffsetMinutes: number;
  toOffsetMinutes: number;
  /** a sentence for the form, e.g. "From 29 Mar 2026 (Europe/Paris changes to UTC+02:00), runs at 10:00 instead of 09:00 local time." */
  message: string;
}

export type ZonedCronResult =
  | {
      ok: true;
      /** what to send to the Hub (an alias is kept when the conversion leaves it unchanged) */
      utcSchedule: string;
      /** the zone's offset used, minutes east of UTC (Paris in winter: 60) */
      offsetMinutes: number;
      /** offset changes in the next 366 days that move the local run time (empty for UTC or hour `*` with whole-hour changes) */
      dstShifts: DstShift[];
    }
  | { ok: false; error: { field: "schedule" | "timeZone"; message: string } };

/**
 * Converts `schedule` (5-field cron or `@alias`, as `checkCron` accepts) read in `timeZone` to UTC.
 * @param params.from the instant the offset is taken at (the first run after it); default now
 * @returns the UTC schedule and DST shifts, or an error naming `schedule` or `timeZone`
 */
export function zonedCronToUtc({ schedule, timeZone, from = new Date() }: { schedule: string; timeZone: string; from?: Date }): ZonedCronResult {
  const checked = checkCron({ schedule, from, count: 1 });
  if (!checked.ok) return { ok: false, error: { field: "schedule", message: checked.message } };
  if (!isTimeZone(timeZone)) return { ok: false, error: { field: "timeZone", message: `Unknown time zone "${timeZone}" (use an IANA name such as Europe/Paris)` } };

  let localFirst: Date | null;
  try {
    const c = new Cron(checked.expanded, { timezone: timeZone, mode: "5-part", paused: true });
    localFirst = c.nextRun(from);
    c.stop();
  } catch (e) {
    return { ok: false, error: { field: "schedule", message: `Not a valid cron: ${e instanceof Error ? e.message : String(e)}` } };
  }
  const offset = offsetMinutes(timeZone, localFirst ?? from);
  const converted = shiftCron(checked.expanded, -offset);
  if (!converted.ok) return { ok: false, error: { field: "schedule", message: `${converted.message} Write it in UTC instead.` } };
  const utcSchedule = converted.cron === checked.expanded ? checked.schedule : converted.cron;

  const hourIsStar = checked.expanded.split(/\s+/)[1] === "*";
  const dstShifts = offsetChanges(timeZone, localFirst ?? from)
    .filter((c) => !(hourIsStar && (c.to - c.from) % 60 === 0))
    .map((c) => {
      const delta = c.to - c.from;
      const when = `From ${c.at.toISOString().slice(0, 10)} (${timeZone} changes to UTC${formatOffset(c.to)})`;
      const utcMinute = firstHourMinute(converted.cron);
      const what =
        utcMinute === null
          ? `the job runs ${Math.abs(delta)} min ${delta > 0 ? "later" : "earlier"} in local time`
          : c.to === offset
            ? `the job is back at ${hhmm(utcMinute + offset)} local time`
            : `the job runs at ${hhmm(utcMinute + c.to)} instead of ${hhmm(utcMinute + offset)} local time`;
      return { at: c.at, fromOffsetMinutes: c.from, toOffsetMinutes: c.to, message: `${when}, ${what}: the Hub keeps schedules in UTC.` };
    });
  return { ok: true, utcSchedule, offsetMinutes: offset, dstShifts };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC of `timeZone` at `at` (Intl; no table of our own). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const atSeconds = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((asUtc - atSeconds) / 60_000);
}

// Building a DateTimeFormat costs far more than using one; the DST scan calls this ~1500 times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f !== undefined) return f;
  f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  formatters.set(timeZone, f);
  return f;
}

/** Offset changes of the zone within 366 days after `from`, each located to the minute. */
function offsetChanges(timeZone: string, from: Date): { at: Date; from: number; to: number }[] {
  const out: { at: Date; from: number; to: number }[] = [];
  const stepMs = 6 * 3600_000;
  let t = from.getTime();
  let prev = offsetMinutes(timeZone, new Date(t));
  const end = t + 366 * 86_400_000;
  while (t < end) {
    const next = t + stepMs;
    const off = offsetMinutes(timeZone, new Date(next));
    if (off !== prev) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
        if (offsetMinutes(timeZone, new Date(mid)) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ at: new Date(hi), from: prev, to: off });
      prev = off;
    }
    t = next;
  }
  return out;
}

function formatOffset(m: number): string {
  const sign = m < 0 ? "-" : "+";
  const a = Math.abs(m);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

function hhmm(minuteOfDay: number): string {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** The first (hour, minute) of a UTC cron as minute-of-day, or null when the hour is `*`. */
function firstHourMinute(cron: string): number | null {
  const [min, hour] = cron.split(" ");
  if (hour === "*" || hour === undefined || min === undefined) return null;
  const h = expandField(hour, 0, 23);
  const m = expandField(min, 0, 59);
  if (h === null || m === null || h.length === 0 || m.length === 0) return null;
  return (h[0] as number) * 60 + (m[0] as number);
}

/** `*`, `n`, `a-b`, `x/s` lists → sorted values; null for anything else (names are not used here). */
function expandField(field: string, lo: number, hi: number): number[] | null {
  const set = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let a: number;
    let b: number;
    if (range === "*") [a, b] = [lo, hi];
    else if (range !== undefined && /^\d+$/.test(range)) [a, b] = [Number(range), stepText === undefined ? Number(range) : hi];
    else if (range !== undefined && /^\d+-\d+$/.test(range)) [a, b] = range.split("-").map(Number) as [number, number];
    else return null;
    for (let v = a; v <= b; v += step) set.add(v);
  }
  return [...set].sort((x, y) => x - y);
}

/** Sorted values → the shortest cron list with ranges (`1,2,3,7` → `1-3,7`). */
function compress(values: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && (values[j + 1] as number) === (values[j] as number) + 1) j += 1;
    parts.push(j - i >= 2 ? `${values[i]}-${values[j]}` : values.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return parts.join(",");
}

const DOW_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Shifts a 5-field cron by `deltaMinutes` (UTC = local − offset). */
function shiftCron(cron: string, deltaMinutes: number): { ok: true; cron: string } | { ok: false; message: string } {
  const [min, hour, dom, mon, dow] = cron.split(/\s+/) as [string, string, string, string, string];
  if (deltaMinutes === 0) return { ok: true, cron };
  const minutes = expandField(min, 0, 59);
  if (minutes === null) return { ok: false, message: `The minute field "${min}" cannot be converted.` };
  if (hour === "*") {
    // every hour: only a part-hour offset moves the minutes, and no day changes
    const shifted = [...new Set(minutes.map((m) => (((m + deltaMinutes) % 60) + 60) % 60))].sort((a, b) => a - b);
    const newMin = min === "*" ? "*" : compress(shifted);
    return { ok: true, cron: [newMin, hour, dom, mon, dow].join(" ") };
  }
  const hours = expandField(hour, 0, 23);
  if (hours === null) return { ok: false, message: `The hour field "${hour}" cannot be converted.` };
  // every (h, m) pair moved; the result must again be a grid minutes' × hours' and move by one day shift
  const pairs = hours.flatMap((h) => minutes.map((m) => h * 60 + m + deltaMinutes));
  const dayShifts = new Set(pairs.map((p) => Math.floor(p / 1440)));
  if (dayShifts.size > 1) {
    return { ok: false, message: "In UTC these hours fall on two different days, which one cron cannot say." };
  }
  const dayShift = [...dayShifts][0] as number;
  const norm = pairs.map((p) => ((p % 1440) + 1440) % 1440);
  const newMinutes = [...new Set(norm.map((p) => p % 60))].sort((a, b) => a - b);
  const newHours = [...new Set(norm.map((p) => Math.floor(p / 60)))].sort((a, b) => a - b);
  if (newMinutes.length * newHours.length !== new Set(norm).size || norm.length !== new Set(norm).size) {
    return { ok: false, message: "In UTC these times do not form one minute × hour grid." };
  }
  let newDow = dow;
  if (dayShift !== 0) {
    if (dom !== "*" || mon !== "*") {
      return { ok: false, message: "In UTC this runs on another day of the month, which cron cannot say across month ends." };
    }
    if (dow !== "*") {
      const days = expandField(dow.toLowerCase().replace(/[a-z]{3}/g, (w) => String(DOW_NAMES[w] ?? w)), 0, 7);
      if (days === null) return { ok: false, message: `The day-of-week field "${dow}" cannot be converted.` };
      const shifted = [...new Set(days.map((d) => (((d % 7) + dayShift) % 7 + 7) % 7))].sort((a, b) => a - b);
      newDow = compress(shifted);
    }
  }
  const newMin = min === "*" && deltaMinutes % 60 === 0 ? "*" : compress(newMinutes);
  return { ok: true, cron: [newMin, compress(newHours), dom, mon, newDow].join(" ") };
}
