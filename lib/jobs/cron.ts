import { Cron } from "croner";

/**
 * Schedules for scheduled jobs: validation, the next runs, and a description in words.
 * Client-safe (no server imports): the composer runs it on every keystroke and the schedule server
 * action runs it again before `POST /api/scheduled-jobs/{ns}`.
 *
 * Accepted syntax (specs/hub-jobs-api.md §8.1; field case B30):
 * - one of the aliases `@annually @yearly @monthly @weekly @daily @hourly`, **lower-case only**
 *   (a bare `hourly`, `daily`… is read as the alias and sent with its `@`):
 *   the Hub documents them in lower case and no client normalises them, so `@Daily` is refused
 *   rather than guessed at;
 * - or a 5-field POSIX cron `minute hour day-of-month month day-of-week` using only digits,
 *   `*`, `,`, `-`, `/` and the English three-letter month and day names (any case, as in Vixie
 *   cron). Extensions some parsers accept (`?`, `L`, `W`, `#`, a seconds or year field, `@every`)
 *   are refused because the Hub's parser is not documented to accept them.
 *
 * Times are UTC (the Hub does not document a time zone; §8.1 "presumably UTC"). When both
 * day-of-month and day-of-week are restricted, a day matches if either matches (POSIX).
 */

/** The aliases the Hub documents, in the order the composer offers them. */
export const CRON_ALIASES = ["@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually"] as const;
export type CronAlias = (typeof CRON_ALIASES)[number];

/** What each alias means as a 5-field cron (the standard Vixie cron definitions). */
const ALIAS_EXPANSION: Record<CronAlias, string> = {
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

const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"] as const;
const FIELD_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Result of {@link checkCron}. */
export type CronCheck =
  | {
      ok: true;
      /** the schedule as typed, trimmed: what goes on the wire */
      schedule: string;
      /** the 5-field form (aliases expanded) */
      expanded: string;
      /** e.g. "Every day at 09:00 UTC"; the raw cron when no common shape matches */
      description: string;
      /** the next runs after `from`, at most `count`; never empty (a schedule that never runs is an error) */
      nextRuns: Date[];
    }
  | {
      ok: false;
      /** a sentence naming the bad part, e.g. `The minute field allows 0–59, not "60".` */
      message: string;
    };

/**
 * Validates a schedule and computes its next runs in UTC.
 * @param params.schedule what the user typed (trimmed here)
 * @param params.from the instant to count from (exclusive); default now
 * @param params.count how many runs to return; default 5
 * @returns `{ok: false, message}` for a malformed schedule or one that never fires (e.g.
 *   `0 0 31 2 *`, February 31st); never throws for bad input
 */
export function checkCron({ schedule, from = new Date(), count = 5 }: { schedule: string; from?: Date; count?: number }): CronCheck {
  const typed = schedule.trim();
  if (typed === "") return { ok: false, message: "Enter a schedule: a 5-field cron such as 0 9 * * 1, or @hourly, @daily…" };
  // A bare alias (`hourly`, `daily`…, as people write it) is the documented `@` alias: sent with the `@`.
  const text = CRON_ALIASES.some((a) => a === `@${typed}`) ? `@${typed}` : typed;

  let expanded: string;
  if (text.startsWith("@")) {
    const alias = CRON_ALIASES.find((a) => a === text);
    if (!alias) {
      const lower = CRON_ALIASES.find((a) => a === text.toLowerCase());
      return {
        ok: false,
        message: lower
          ? `Write the alias in lower case: ${lower}.`
          : `Unknown alias "${text}". Use one of ${CRON_ALIASES.join(", ")}, or a 5-field cron.`,
      };
    }
    expanded = ALIAS_EXPANSION[alias];
  } else {
    const fields = text.split(/\s+/);
    if (fields.length !== 5) {
      return {
        ok: false,
        message: `A cron needs exactly 5 fields (minute hour day-of-month month day-of-week); "${text}" has ${fields.length}.`,
      };
    }
    for (const [i, field] of fields.entries()) {
      const problem = checkField(field, i);
      if (problem) return { ok: false, message: problem };
    }
    expanded = fields.join(" ");
  }

  let job: Cron;
  try {
    job = new Cron(expanded, { timezone: "UTC", mode: "5-part", paused: true });
  } catch (error) {
    // checkField catches what we know; croner's message is kept for anything it alone refuses.
    return { ok: false, message: `Not a valid cron: ${error instanceof Error ? error.message : String(error)}` };
  }
  const nextRuns = job.nextRuns(count, from);
  job.stop();
  if (nextRuns.length === 0) {
    return { ok: false, message: `"${text}" never runs: no date matches it (e.g. February 30th or 31st).` };
  }
  return { ok: true, schedule: text, expanded, description: describeCron(text), nextRuns };
}

/** Returns a sentence about the first problem in one cron field, or null when it is well formed. */
function checkField(field: string, index: number): string | null {
  const name = FIELD_NAMES[index];
  const [lo, hi] = FIELD_RANGES[index];
  const names = index === 3 ? MONTH_NAMES : index === 4 ? DAY_NAMES : null;
  // Known names count as digits for the character check, so "jul" or "wed" are not read as L or W.
  const bare = names ? field.toLowerCase().replace(/[a-z]+/g, (w) => (names.includes(w) ? "0" : w)) : field;
  if (/[?LW#]/i.test(bare)) {
    return `The ${name} field "${field}" uses a non-standard cron extension (?, L, W or #); use digits, *, ",", "-" and "/".`;
  }
  if (!/^[0-9*,\-/]+$/.test(bare)) {
    return `The ${name} field "${field}" may only contain digits, *, ",", "-" and "/"${names ? ` or names like ${names[1]}` : ""}.`;
  }
  for (const part of field.split(",")) {
    if (part === "") return `The ${name} field "${field}" has an empty list item.`;
    const [range, step, extra] = part.split("/");
    if (extra !== undefined) return `The ${name} field "${field}" has more than one "/".`;
    if (step !== undefined && !/^\d+$/.test(step)) return `The ${name} field "${field}" needs a whole number after "/".`;
    if (step !== undefined && Number(step) === 0) return `The ${name} field "${field}" has a step of 0.`;
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2 || bounds.some((b) => b === "")) return `The ${name} field "${field}" has a malformed range "${range}".`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = toNumber(bound, names, lo);
      if (value === null) {
        return names
          ? `The ${name} field allows ${lo}–${hi} or names like ${names[1]}, not "${bound}".`
          : `The ${name} field allows ${lo}–${hi}, not "${bound}".`;
      }
      if (value < lo || value > hi) return `The ${name} field allows ${lo}–${hi}, not "${bound}".`;
      values.push(value);
    }
    if (values.length === 2 && values[0] > values[1]) {
      return `The ${name} field range "${range}" runs backwards; write the smaller value first.`;
    }
  }
  return null;
}

function toNumber(text: string, names: string[] | null, lo: number): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (names) {
    const i = names.indexOf(text.toLowerCase());
    // Month names start at 1 (jan = 1), day names at 0 (sun = 0).
    if (i >= 0) return i + lo;
  }
  return null;
}

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
