import { Cron } from "croner";
import type { HubContext } from "../context";
import { hubError } from "../errors";
import { isoNow } from "../ids";
import type { JobRecord, ScheduledJobRecord } from "../store/jobs";
import { cronPattern } from "./cron-schedule";
import { jobServiceFor, type JobService } from "./job-service";

const schedulers = new WeakMap<HubContext, JobScheduler>();

/** The scheduler of one local Hub, created on first use; re-arms every stored schedule (restart-safe). */
export function jobSchedulerFor(ctx: HubContext): JobScheduler {
  let s = schedulers.get(ctx);
  if (!s) {
    s = new JobScheduler(ctx, jobServiceFor(ctx));
    schedulers.set(ctx, s);
  }
  return s;
}

/**
 * Fires scheduled jobs with croner, in UTC (`mode: "5-part"`), one timer per schedule; a suspended
 * schedule keeps a paused timer. Ticks missed while the local Hub was down are not replayed, as cron
 * does. A tick while a run is SCHEDULING/RUNNING and `concurrency` is false is skipped.
 */
export class JobScheduler {
  private readonly crons = new Map<string, Cron>();

  constructor(private readonly ctx: HubContext, private readonly svc: JobService) {
    for (const sj of svc.store.listScheduled(null)) this.arm(sj);
    svc.onShutdown(() => this.stopAll());
    ctx.onReset(() => this.stopAll());
  }

  /** (Re)creates the timer of a scheduled job, paused when `suspend`. */
  arm(sj: ScheduledJobRecord): void {
    this.disarm(sj.id);
    const cron = new Cron(
      cronPattern(sj.schedule),
      { timezone: "UTC", mode: "5-part", paused: sj.suspend, unref: true, catch: (err) => console.error(`[local-hub] scheduled job ${sj.id} tick failed`, err) },
      () => {
        this.tick(sj.id);
      },
    );
    this.crons.set(sj.id, cron);
  }

  /** Stops and forgets the timer of a scheduled job. */
  disarm(id: string): void {
    this.crons.get(id)?.stop();
    this.crons.delete(id);
  }

  /** Pauses or resumes the timer after `suspend` changed. */
  setSuspended(id: string, suspend: boolean): void {
    const cron = this.crons.get(id);
    if (suspend) cron?.pause();
    else cron?.resume();
  }

  /**
   * What a timer tick does: start a run unless the schedule is suspended or (without
   * `concurrency`) a run is still active.
   * @returns the new job, or null when the tick was skipped
   */
  tick(id: string): JobRecord | null {
    const sj = this.svc.store.getScheduled(id);
    if (!sj || sj.suspend) return null;
    if (!sj.concurrency && this.svc.store.hasActiveRun(id)) return null;
    return this.run(sj);
  }

  /**
   * "Run now" (`POST …/run`, specs/hub-jobs-api.md §8.3): starts a run of the spec; the schedule
   * is unaffected.
   * @throws HubError 409 when a run is active and `concurrency` is false
   */
  runNow(sj: ScheduledJobRecord): JobRecord {
    if (!sj.concurrency && this.svc.store.hasActiveRun(sj.id)) {
      throw hubError(409, `Scheduled job ${sj.id} already has a run in progress and concurrency is disabled`);
    }
    return this.run(sj);
  }

  private run(sj: ScheduledJobRecord): JobRecord {
    const job = this.svc.create({
      namespace: sj.namespace, spec: sj.spec, secrets: this.svc.store.scheduledSecrets(sj.id), owner: sj.owner,
      initiator: { type: "scheduled-job", id: sj.id, ...(sj.spec.labels.name ? { name: sj.spec.labels.name } : {}) },
      createdBy: sj.createdBy, scheduledJobId: sj.id,
    });
    this.svc.store.updateScheduled(sj.id, { lastJob: { id: job.id, at: job.createdAt } }, isoNow());
    return job;
  }

  private stopAll(): void {
    for (const c of this.crons.values()) c.stop();
    this.crons.clear();
  }

  /** Number of armed timers (for tests: `close()` must leave none). */
  get armedCount(): number {
    return this.crons.size;
  }
}
