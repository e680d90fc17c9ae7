import { Cron } from "croner";
import { hubError } from "../errors";

/** The macros the Hub documents (specs/hub-jobs-api.md §8.1), as standard 5-field expressions. */
const MACROS: Record<string, string> = {
  "@annually": "0 0 1 1 *",
  "@yearly": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";
const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"];

/**
 * Turns a schedule into a standard 5-field cron pattern (minute hour day-of-month month
 * day-of-week), evaluated in UTC. Accepted: the six `@` macros (lower case, with or without the `@`), or 5 fields made of
 * numbers, `*`, `,`, `-`, `/` (plus JAN–DEC in the month field and SUN–SAT in the day-of-week
 * field). croner's extensions (`L`, `W`, `#`, `?`, seconds and year fields) are refused because the
 * Hub documents plain cron, and a schedule that never fires (e.g. `0 0 30 2 *`) is refused too.
 * @throws HubError 400 naming the problem
 */
export function cronPattern(schedule: unknown): string {
  if (typeof schedule !== "string" || schedule.trim() === "") throw hubError(400, `schedule must be a non-empty string`);
  const s = schedule.trim();
  // The hf CLI offers the macros bare too (`hf jobs scheduled run hourly …`, huggingface_hub 2.0
  // cli/jobs.py ScheduleArg) and sends the argument as typed: a bare name means its `@` form.
  if (s.startsWith("@") || `@${s}` in MACROS) {
    const pattern = MACROS[s.startsWith("@") ? s : `@${s}`];
    if (!pattern) throw hubError(400, `schedule "${s}" is not supported; use one of ${Object.keys(MACROS).join(", ")} or a 5-field cron expression`);
    return pattern;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) {
    throw hubError(400, `schedule "${s}" must be a 5-field cron expression (minute hour day-of-month month day-of-week) or one of ${Object.keys(MACROS).join(", ")}`);
  }
  fields.forEach((f, i) => {
    const names = i === 3 ? MONTHS : i === 4 ? DAYS : null;
    const token = names ? `(\\d+|${names})` : "\\d+";
    const re = new RegExp(`^(\\*|${token}(-${token})?)(/\\d+)?(,(\\*|${token}(-${token})?)(/\\d+)?)*$`, "i");
    if (!re.test(f)) throw hubError(400, `schedule "${s}": the ${FIELD_NAMES[i]} field "${f}" is not valid cron syntax`);
  });
  let next: Date | null;
  try {
    next = new Cron(s, { timezone: "UTC", mode: "5-part", paused: true }).nextRun();
  } catch (err) {
    throw hubError(400, `schedule "${s}" is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!next) throw hubError(400, `schedule "${s}" never runs`);
  return s;
}

/** The next time `pattern` fires after `after` (UTC), or null. */
export function nextRunAt(pattern: string, after: Date = new Date()): Date | null {
  return new Cron(pattern, { timezone: "UTC", mode: "5-part", paused: true }).nextRun(after);
}
