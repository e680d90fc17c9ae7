/**
 * Schedules in words, without the cron engine (./cron.ts validates and computes next runs with croner
 * and re-exports everything here): the aliases the Hub documents, the picker's presets and
 * {@link describeCron}. Client-safe, pure; see ./cron.ts for the accepted syntax (specs/hub-jobs-api.md
 * §8.1; field case B30).
 */

/** The aliases the Hub documents, in the order the composer offers them. */
export const CRON_ALIASES = ["@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually"] as const;
export type CronAlias = (typeof CRON_ALIASES)[number];

/** What each alias means as a 5-field cron (the standard Vixie cron definitions). */
export const ALIAS_EXPANSION: Record<CronAlias, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

/** A preset offered by the schedule picker: the value sent to the Hub and its label. */
export interface CronPreset {
  value: string;
  label: string;
}

/** Presets for the picker; `value` is sent verbatim as `schedule`. */
export const CRON_PRESETS: readonly CronPreset[] = [
  { value: "*/15 * * * *", label: "Every 15 minutes" },
  { value: "@hourly", label: "Hourly" },
  { value: "@daily", label: "Daily (00:00 UTC)" },
  { value: "0 9 * * 1-5", label: "Weekdays at 09:00 UTC" },
  { value: "@weekly", label: "Weekly (Sunday 00:00 UTC)" },
  { value: "@monthly", label: "Monthly (1st, 00:00 UTC)" },
];

/** Month names a cron field may use (any case), as in Vixie cron: jan = 1. */
export const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Day-of-week names a cron field may use (any case): sun = 0. */
export const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const DAY_LABELS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH_LABELS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Describes a schedule in words for the common shapes (aliases, every N minutes/hours, daily,
 * weekly on one day or a day range, monthly on one day, yearly on one date), all in UTC. Anything
 * else comes back as `Cron "<schedule>" (UTC)`. Expects a schedule {@link checkCron} accepted.
 */
export function describeCron(schedule: string): string {
  const text = schedule.trim();
  switch (text) {
    case "@hourly":
      return "Every hour, at minute 0";
    case "@daily":
      return "Every day at 00:00 UTC";
    case "@weekly":
      return "Every Sunday at 00:00 UTC";
    case "@monthly":
      return "On the 1st of every month at 00:00 UTC";
    case "@yearly":
    case "@annually":
      return "Every year on January 1 at 00:00 UTC";
  }
  const fallback = `Cron "${text}" (UTC)`;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return fallback;
  const [min, hour, dom, mon, dow] = fields.map((f) => f.toLowerCase());
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : null);
  const m = num(min);
  const h = num(hour);
  const at = m !== null && h !== null ? `${pad(h)}:${pad(m)} UTC` : null;
  const step = (s: string) => /^\*\/(\d+)$/.exec(s)?.[1];

  if (dom === "*" && mon === "*" && dow === "*") {
    if (min === "*" && hour === "*") return "Every minute";
    const minStep = step(min);
    if (minStep && hour === "*") return minStep === "1" ? "Every minute" : `Every ${minStep} minutes`;
    if (m !== null && hour === "*") return `Every hour, at minute ${m}`;
    const hourStep = step(hour);
    if (m !== null && hourStep) return hourStep === "1" ? `Every hour, at minute ${m}` : `Every ${hourStep} hours, at minute ${m}`;
    if (at) return `Every day at ${at}`;
    return fallback;
  }
  if (!at) return fallback;
  if (dom === "*" && mon === "*") {
    const day = dayName(dow);
    if (day) return `Every ${day} at ${at}`;
    if (dow === "1-5" || dow === "mon-fri") return `Every weekday (Monday–Friday) at ${at}`;
    if (dow === "0,6" || dow === "6,0" || dow === "sat,sun" || dow === "sun,sat") return `Every Saturday and Sunday at ${at}`;
    return fallback;
  }
  const d = num(dom);
  if (d !== null && dow === "*") {
    if (mon === "*") return `On the ${ordinal(d)} of every month at ${at}`;
    const month = monthName(mon);
    if (month) return `Every year on ${month} ${d} at ${at}`;
  }
  return fallback;
}

function dayName(s: string): string | null {
  if (/^[0-7]$/.test(s)) return DAY_LABELS[Number(s)];
  const i = DAY_NAMES.indexOf(s);
  return i >= 0 ? DAY_LABELS[i] : null;
}

function monthName(s: string): string | null {
  if (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 12) return MONTH_LABELS[Number(s) - 1];
  const i = MONTH_NAMES.indexOf(s);
  return i >= 0 ? MONTH_LABELS[i] : null;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}
