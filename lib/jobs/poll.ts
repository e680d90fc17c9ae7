import type { JobListPage } from "./api-answers";
import { isTerminal } from "./stage";
import type { JobView } from "./view";

/**
 * How often the tracking pages poll (the browser's resource modules, components/api/**, apply it):
 * lists poll faster while any job is active, a job stops polling once a fresh GET shows a final stage
 * and keeps polling for unknown stages (field cases B07, B32, C06). Client-safe, pure.
 */

/** Poll periods in ms. Active: someone is waiting for a stage change; idle: only new jobs can appear. */
export const POLL = { jobActive: 2_000, listActive: 3_000, listIdle: 15_000, filesActive: 5_000, scheduled: 10_000 } as const;

/** Next poll of a list: fast while any job on the page is active (unknown stages count as active). */
export function listInterval(page: JobListPage | undefined): number {
  if (!page) return POLL.listIdle;
  return page.jobs.some((j) => !isTerminal(j.stage)) ? POLL.listActive : POLL.listIdle;
}

/** Next poll of one job: none once a fresh GET shows a final stage (B07: never from the log stream). */
export function jobInterval(job: JobView | undefined): number | false {
  if (!job) return POLL.jobActive;
  return isTerminal(job.stage) ? false : POLL.jobActive;
}
