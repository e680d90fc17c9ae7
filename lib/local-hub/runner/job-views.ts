import type { JobRecord, ScheduledJobRecord } from "../store/jobs";
import { DEFAULT_TIMEOUT_SECONDS } from "./validate-job-spec";
import { nextRunAt } from "./cron-schedule";

const secs = (from: string, to: number) => Math.max(0, Math.floor((to - Date.parse(from)) / 1000));

/**
 * `durations` as the PY client reads it (specs/hub-jobs-api.md §7.1): whole seconds, recomputed
 * while the job is live; only `totalSecs` while SCHEDULING.
 */
function durations(job: JobRecord, now: number) {
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  if (!job.startedAt) return { totalSecs: secs(job.createdAt, end) };
  return {
    schedulingSecs: secs(job.createdAt, Date.parse(job.startedAt)),
    runningSecs: secs(job.startedAt, end),
    totalSecs: secs(job.createdAt, end),
  };
}

/** How the local Hub runs jobs, as far as the Job object shows it. */
export interface JobViewOptions {
  /** `"host"`: jobs share this machine's network, so an exposed port is at `http://127.0.0.1:<port>` */
  jobNetwork: "host" | "none";
}

/** The view options of a local Hub (its `jobNetwork` option, default `"host"`). */
export function viewOptions(ctx: { options: { jobNetwork?: "host" | "none" } }): JobViewOptions {
  return { jobNetwork: ctx.options.jobNetwork ?? "host" };
}

/**
 * `status.exposeUrls` of a job: one URL per exposed port (hub-jobs-2x.md; the Hub's form is
 * `https://<jobid>--<port>.hf.jobs`). Local jobs share the machine's network, so a port the job
 * listens on is reached directly at `http://127.0.0.1:<port>`; with `--job-network none` nothing
 * can reach it and the field is absent (the job's log says why).
 */
export function exposeUrls(job: JobRecord, o: JobViewOptions): string[] | null {
  const ports = job.spec.expose?.ports ?? [];
  return ports.length && o.jobNetwork === "host" ? ports.map((p) => `http://127.0.0.1:${p}`) : null;
}

/**
 * The Job object of specs/hub-jobs-api.md §7.1: secrets as a list of names (the JS typing; values
 * never leave the store), `timeoutSeconds` with the 1800 s default applied, `status.failureCount` 0;
 * hub-jobs-2x.md: `network`, `expose` and `ssh` echoed, `status.exposeUrls` per {@link exposeUrls}, never `status.sshUrl`
 * (the local Hub has no SSH gateway).
 */
export function jobView(job: JobRecord, now = Date.now(), o: JobViewOptions = { jobNetwork: "host" }) {
  const { spec } = job;
  const urls = exposeUrls(job, o);
  return {
    id: job.id,
    type: "job" as const,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    dockerImage: spec.dockerImage,
    spaceId: spec.spaceId,
    command: spec.command,
    arguments: spec.arguments,
    environment: spec.environment,
    secrets: job.secretNames,
    flavor: spec.flavor,
    arch: spec.arch,
    timeoutSeconds: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    attempts: spec.attempts,
    labels: spec.labels,
    volumes: spec.volumes,
    ...(spec.expose ? { expose: spec.expose } : {}),
    // Echoed like `expose`, so a job read back (Duplicate, the job page) still says SSH was asked for.
    ...(spec.ssh ? { ssh: spec.ssh } : {}),
    ...(spec.resourceGroupId ? { resourceGroupId: spec.resourceGroupId } : {}),
    ...(spec.network ? { network: spec.network } : {}),
    status: { stage: job.stage, message: job.message, failureCount: 0, ...(urls ? { exposeUrls: urls } : {}) },
    durations: durations(job, now),
    owner: job.owner,
    initiator: job.initiator,
    createdBy: job.createdBy,
  };
}

/**
 * The Scheduled Job object of specs/hub-jobs-api.md §8.2. `nextJobRunAt` is always an ISO string
 * (the PY client `str()`s it), the schedule's next fire time even while suspended;
 * `lastJob` is null before the first run.
 */
export function scheduledJobView(sj: ScheduledJobRecord, pattern: string) {
  const { spec } = sj;
  const next = nextRunAt(pattern);
  return {
    id: sj.id,
    type: "scheduled-job" as const,
    createdAt: sj.createdAt,
    updatedAt: sj.updatedAt,
    schedule: sj.schedule,
    suspend: sj.suspend,
    concurrency: sj.concurrency,
    jobSpec: {
      dockerImage: spec.dockerImage,
      spaceId: spec.spaceId,
      command: spec.command,
      arguments: spec.arguments,
      environment: spec.environment,
      secrets: sj.secretNames,
      flavor: spec.flavor,
      arch: spec.arch,
      timeoutSeconds: spec.timeoutSeconds,
      attempts: spec.attempts,
      labels: spec.labels,
      volumes: spec.volumes.length ? spec.volumes : null,
      ...(spec.resourceGroupId ? { resourceGroupId: spec.resourceGroupId } : {}),
      ...(spec.network ? { network: spec.network } : {}),
    },
    status: { lastJob: sj.lastJob, nextJobRunAt: next ? next.toISOString() : null },
    owner: sj.owner,
    createdBy: sj.createdBy,
  };
}
