import { fileOrigin } from "@/lib/jobs/file-origin";
import type { FolderPage } from "@/lib/jobs/api-answers";
import { launchInputOf, type RerunInput } from "@/lib/jobs/launch-input-of";
import { parseUvCommand, type ParsedUvCommand } from "@/lib/jobs/parse-uv-command";
import { formatArgs } from "@/lib/jobs/tokenize-args";
import type { JobView } from "@/lib/jobs/view";
import { MAX_TEXT_BYTES, type ComposerFile } from "./dropped-files";
import type { SecretRow } from "./rows";
import { downloadFile } from "@/components/api/buckets/bucket-file";
import { getFolderPage } from "@/components/api/buckets/list-folder";
import { getJob } from "@/components/api/jobs/get-job";

/**
 * "Edit and re-run" (`/?from={ns}/{jobId}`, linked from the job page): the composer prefilled from an
 * earlier job — its uv command read back into fields, and its input files (those stored in its
 * artifacts folder before the job was created) fetched again through the app's bucket routes so they
 * can be edited, removed or added to like freshly dropped ones. Client-side only. The fields come
 * from lib/jobs/launch-input-of.ts, the one mapping of a job back to the launch form.
 */

export { parseUvCommand, type ParsedUvCommand };

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

/** Inputs larger than this in total are not fetched again into the browser (drop them instead). */
export const MAX_RERUN_BYTES = 200 * 1000 * 1000;
const MAX_ENTRIES = 2000;

/**
 * Loads a job and its input files for "Edit and re-run".
 * @throws Error with a sentence when the job or its folder cannot be read
 */
export async function loadRerun({ namespace, jobId, signal }: { namespace: string; jobId: string; signal: AbortSignal }): Promise<RerunPrefill> {
  const job = await getJob(namespace, jobId, signal);
  const input = launchInputOf(job);
  const command = input.command;
  const notes: string[] = [];
  if (job.secretNames.length > 0) notes.push(`Secrets are never copied: enter ${job.secretNames.join(", ")} again.`);

  const files: ComposerFile[] = [];
  const folder = job.artifactsFolder;
  if (!folder) {
    notes.push("This job has no artifacts folder: drop its files again.");
  } else {
    const inputs: { path: string; size: number }[] = [];
    const walk = async (path: string): Promise<void> => {
      for (let offset: number | null = 0; offset !== null && inputs.length < MAX_ENTRIES; ) {
        const page: FolderPage = await getFolderPage(namespace, path, offset, signal);
        for (const entry of page.entries) {
          if (entry.type === "directory") await walk(entry.path);
          else if (fileOrigin(entry, job) === "input") inputs.push({ path: entry.path, size: entry.size });
        }
        offset = page.nextOffset;
      }
    };
    await walk(folder);
    const total = inputs.reduce((n, f) => n + f.size, 0);
    if (total > MAX_RERUN_BYTES) {
      notes.push(`Its input files are too large to fetch again here (${inputs.length} files): drop them again.`);
    } else {
      for (const input of inputs) {
        const blob = await downloadFile(namespace, input.path, signal);
        const relative = input.path.slice(folder.length + 1);
        const file = new File([blob], relative.split("/").at(-1) ?? relative);
        files.push({ path: relative, size: file.size, file, text: file.size <= MAX_TEXT_BYTES ? await file.text() : null });
      }
      notes.push(`${files.length} input file${files.length === 1 ? "" : "s"} reused from folder ${folder} (uploaded again into a new folder at launch).`);
    }
  }
  return { job, input, files, command, argsText: command ? formatArgs(command.args) : "", notes };
}
