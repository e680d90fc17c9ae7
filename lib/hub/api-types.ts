import type { getJob, getScheduledJob, listJobHardware, whoAmI } from "@huggingface/hub";

/** Wire types as @huggingface/hub returns them (the package does not export these names). */
type LibApiJob = Awaited<ReturnType<typeof getJob>>;

/**
 * A job as the Hub answers it: the library's type plus the 2.x fields it does not type yet
 * (specs/hub-jobs-2x.md: the job object echoes `network`; `status.exposeUrls`, `status.sshUrl`).
 */
export type ApiJob = LibApiJob & {
  network?: { group: string; aliases?: string[] } | null;
  expose?: { ports: number[] } | null;
  status: LibApiJob["status"] & { exposeUrls?: string[]; sshUrl?: string };
};
export type ApiScheduledJob = Awaited<ReturnType<typeof getScheduledJob>>;
export type ApiJobHardware = Awaited<ReturnType<typeof listJobHardware>>[number];
/** The whoami answer (`GET /api/whoami-v2`, specs/hub-jobs-api.md §3) as @huggingface/hub returns it. */
export type ApiWhoAmI = Awaited<ReturnType<typeof whoAmI>>;
