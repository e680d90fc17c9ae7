import { Cron } from "croner";
import { ALIAS_EXPANSION, CRON_ALIASES, DAY_NAMES, MONTH_NAMES, describeCron } from "./cron-words";

// The croner-free half (aliases, presets, describeCron) lives in ./cron-words.ts, so a page that only
// shows a schedule in words does not ship the cron engine (issue 15, item 5); re-exported here.
export { CRON_ALIASES, CRON_PRESETS, describeCron, type CronAlias, type CronPreset } from "./cron-words";

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

const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"] as const;
const FIELD_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
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
