import type { ApiJob } from "@/lib/hub/api-types";
import type { JobSpec, JobSpecVolume } from "@/lib/hub/job-spec";
import { storedTimeoutSeconds } from "./stored-timeout";

/**
 * The spec a job ran with, read back from the Hub's job object (specs/hub-jobs-api.md §7.1; 2.x fields
 * per specs/hub-jobs-2x.md, which the job object echoes). Client-safe, no I/O. Duplicate
 * (lib/jobs/job-commands.ts) re-sends it; it is the inverse of what lib/jobs/build-job-spec.ts builds.
 *
 * Every {@link JobSpec} key must appear in {@link ReadBack} (the `Record` part): a field added to
 * JobSpec does not compile here until it is read back, so a duplicate cannot silently drop it.
 */
type ReadBack = { [K in keyof JobSpec]: JobSpec[K] | undefined } & Record<keyof JobSpec, unknown>;

/** A job's spec as read back: secret values never come back, only their names (§7.1, §12 q2). */
export interface ReadBackSpec {
  /** the spec without `secrets` */
  spec: JobSpec;
  secretNames: string[];
}

/**
 * @param job the Hub's job object (`GET /api/jobs/{ns}/{id}`)
 * @returns its spec (fields the Hub did not send are left out; `timeoutSeconds ?? timeout`, field case C05)
 */
export function jobSpecOf(job: ApiJob): ReadBackSpec {
  const raw = job as ApiJob & { ssh?: { enabled: boolean } | null; resourceGroupId?: string | null };
  const timeout = storedTimeoutSeconds(job);
  const all: ReadBack = {
    dockerImage: job.dockerImage ?? undefined,
    spaceId: job.spaceId ?? undefined,
    command: job.command ?? [],
    arguments: job.arguments ?? [],
    environment: job.environment ?? {},
    secrets: undefined,
    flavor: job.flavor,
    arch: job.arch ?? undefined,
    timeoutSeconds: timeout ?? undefined,
    attempts: job.attempts,
    labels: job.labels ?? {},
    volumes: (job.volumes ?? []).map((v) => ({ ...v, type: v.type as JobSpecVolume["type"] })),
    expose: job.expose ?? undefined,
    ssh: raw.ssh ?? undefined,
    network: job.network ?? undefined,
    resourceGroupId: raw.resourceGroupId ?? undefined,
  };
  const spec = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as unknown as JobSpec;
  return { spec, secretNames: secretNamesOf(job) };
}

/** Secret names from a name list (JS typing) or a dict (PY typing), specs/hub-jobs-api.md §12. */
function secretNamesOf(job: ApiJob): string[] {
  const raw: unknown = (job as { secrets?: unknown }).secrets;
  if (Array.isArray(raw)) return raw.filter((x): x is string => typeof x === "string");
  if (raw && typeof raw === "object") return Object.keys(raw);
  return [];
}
