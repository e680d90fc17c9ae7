import type { getJob, getScheduledJob, listJobHardware } from "@huggingface/hub";

/** Wire types as @huggingface/hub returns them (the package does not export these names). */
export type ApiJob = Awaited<ReturnType<typeof getJob>>;
export type ApiScheduledJob = Awaited<ReturnType<typeof getScheduledJob>>;
export type ApiJobHardware = Awaited<ReturnType<typeof listJobHardware>>[number];
