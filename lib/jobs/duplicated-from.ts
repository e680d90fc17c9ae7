/**
 * Which job a job was duplicated from. Client-safe, no I/O.
 *
 * The Hub's duplicate route records it as `initiator: {type: "duplicated-job", id}` (specs/hub-jobs-api.md
 * §7.1, §7.4). The app's own fresh-folder duplicate (lib/jobs/job-commands.ts) creates the job with
 * `runJob`, so the Hub names the user as initiator; that path records the source in the
 * {@link DUPLICATED_FROM_LABEL} label instead.
 */

/** Label key (a valid Hub label key, `[A-Za-z0-9._-]{1,100}`) whose value is the source job's id. */
export const DUPLICATED_FROM_LABEL = "duplicated-from";

/**
 * @param job the job's `initiator` (as in JobView) and `labels`
 * @returns the source job's id, or null when the job is not a duplicate; `initiator` wins over the
 *   label (a Hub duplicate of an app duplicate carries the older label over), and a schedule's run is
 *   never read as a copy
 */
export function duplicatedFrom(job: {
  initiator?: { type: string | null; id: string | null } | null;
  labels?: Record<string, string> | null;
}): string | null {
  if (job.initiator?.type === "duplicated-job" && job.initiator.id) return job.initiator.id;
  if (job.initiator?.type === "scheduled-job") return null;
  const label = job.labels?.[DUPLICATED_FROM_LABEL];
  return label && /^[A-Za-z0-9_-]{1,64}$/.test(label) ? label : null;
}
