import { fail, type ActionResult } from "./result";

/** The part of a zod error (classic `zod` or `zod/mini`) this module reads. */
export interface ZodIssues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/**
 * A zod error as the app's `fieldErrors`: issue path joined with `.` (`files.2.path`, `schedule.cron`;
 * `input` for an issue on the whole object) → its messages, in issue order. Client-safe.
 */
export function zodFieldErrors(error: ZodIssues): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.map(String).join(".") || "input"] ??= []).push(issue.message);
  return fieldErrors;
}

/** `field: first message` of the first field with an error: the sentence of an `invalid_input` result. */
export function firstFieldMessage(fieldErrors: Record<string, string[]>): string {
  const [field, messages] = Object.entries(fieldErrors)[0] ?? ["input", ["Invalid input"]];
  return `${field}: ${messages[0] ?? "invalid"}`;
}

/** An `invalid_input` failure carrying `fieldErrors`, its message naming the first field. */
export function invalidInput(fieldErrors: Record<string, string[]>): ActionResult<never> {
  return fail({ code: "invalid_input", message: firstFieldMessage(fieldErrors), fieldErrors });
}
