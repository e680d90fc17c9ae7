import type { RerunInput } from "@/lib/jobs/launch-input-of";
import type { ParsedUvCommand } from "@/lib/jobs/parse-uv-command";
import type { JobView } from "@/lib/jobs/view";
import type { ComposerFile } from "./dropped-files";
import type { SecretRow } from "./rows";

/**
 * "Edit and re-run" (`/?from={ns}/{jobId}`, linked from the job page): the composer prefilled from an
 * earlier job — its uv command read back into fields, and its input files (those stored in its
 * artifacts folder before the job was created) fetched again through the app's bucket routes so they
 * can be edited, removed or added to like freshly dropped ones. Client-side only. The fields come
 * from lib/jobs/launch-input-of.ts, the one mapping of a job back to the launch form.
 * The loader itself (job, folder listing, downloads) is ./rerun-load.ts, fetched only on a re-run
 * page; this file keeps what the form's state needs on every page.
 */

/** The error on a re-run's secret row until its value is typed again. */
export const REENTER_SECRET_MESSAGE = "enter the value again: the Hub never returns secret values";

/**
 * One Secrets row per secret name of the source job: the name filled in, the value empty and the row
 * marked `mustReenter`, because the Hub answers secret names only (specs/hub-jobs-api.md §12 q2), and
 * a re-run without them would silently run without the secret.
 * `newId` gives the rows' React keys (fields.tsx `nextRowId` in the composer).
 */
export function rerunSecretRows({ secretNames, newId }: { secretNames: readonly string[]; newId: () => number }): SecretRow[] {
  return [...new Set(secretNames)].map((key) => ({ id: newId(), key, value: "", fromSession: false, sealed: false, mustReenter: true }));
}

/**
 * The composer's launch-blocking errors of the secret rows themselves (buildJobSpec checks names;
 * it cannot know that a value is missing on purpose): `secrets.{KEY}` → sentences, like the field
 * errors of lib/jobs/build-job-spec. A `mustReenter` row with a name and an empty value blocks the
 * launch until a value is typed; removing the row (its ×) or clearing its name lifts the block.
 */
export function secretRowErrors({ rows }: { rows: readonly SecretRow[] }): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (row.mustReenter && !row.fromSession && key !== "" && row.value === "") errors[`secrets.${key}`] = [REENTER_SECRET_MESSAGE];
  }
  return errors;
}

/** What the composer applies when a re-run has loaded. */
export interface RerunPrefill {
  job: JobView;
  /** the launch form's fields read back from the job (lib/jobs/launch-input-of.ts) */
  input: RerunInput;
  files: ComposerFile[];
  command: ParsedUvCommand | null;
  argsText: string;
  /** sentences for the banner: what was reused, what must be entered again */
  notes: string[];
}
