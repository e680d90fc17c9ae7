import { fileOrigin } from "@/lib/jobs/file-origin";
import type { FolderPage } from "@/lib/jobs/api-answers";
import { launchInputOf } from "@/lib/jobs/launch-input-of";
import { formatArgs } from "@/lib/jobs/tokenize-args";
import { MAX_TEXT_BYTES, type ComposerFile } from "./dropped-files";
import type { RerunPrefill } from "./rerun";
import { downloadFile } from "@/components/api/buckets/bucket-file";
import { getFolderPage } from "@/components/api/buckets/list-folder";
import { getJob } from "@/components/api/jobs/get-job";

/**
 * "Edit and re-run"'s loader (./rerun.ts): imported on demand by ./use-composer.ts when the page is a
 * re-run (`?from=`), so the composer's first-load JS carries neither it nor the job mapping, nor the
 * reducer's step that fills the form from it (./rerun-apply.ts, re-exported for the hook).
 */
export { applyRerun } from "./rerun-apply";

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
