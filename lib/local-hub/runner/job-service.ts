import { cpus } from "node:os";
import { join } from "node:path";
import type { Caller } from "../auth";
import type { HubContext } from "../context";
import { HubError, hubError } from "../errors";
import { isoNow, newObjectId } from "../ids";
import { removeTreeBeneath } from "../store/contained-path";
import {
  JobStore, TERMINAL_STAGES, type InitiatorRef, type JobRecord, type JobSpec, type JobStage, type OwnerRef,
} from "../store/jobs";
import { processHasJobId } from "./host-process";
import { JobCgroup } from "./job-cgroup";
import { JobChannels, logFile, eventsFile, type LogRecord, type StageEvent } from "./job-logs";
import { jobMetrics, type MetricsPayload } from "./job-metrics";
import { JobPreparer, releaseLaunch, type Launch } from "./job-prepare";
import { killJob, startJobProcess, type ProcessDeps, type ProcessOutcome, type Running } from "./job-process";
import { JobSandbox } from "./job-sandbox";
import { NetworkGroups } from "./network-group";
import { NdjsonChannel, readNdjson } from "./ndjson-channel";
import type { TreeSample } from "./process-tree-metrics";
import { EnvBuildError, PythonEnvCache } from "./python-env";
import { DEFAULT_TIMEOUT_SECONDS } from "./validate-job-spec";

export type { LogRecord, StageEvent } from "./job-logs";
export type { MetricsPayload } from "./job-metrics";

/** Status message of jobs found unfinished at start-up (specs: issue 3, item 4). */
export const RESTART_MESSAGE = "The local Hub restarted while this job was running";
/** Status message of jobs found still queued (SCHEDULING) at start-up. */
export const RESTART_QUEUED_MESSAGE = "The local Hub restarted before this job could start";

/** A job between RUNNING and its process: volumes, the Python environment (pip may take a while). */
interface Preparing {
  abort: AbortController;
  reason: "cancel" | "timeout" | "shutdown" | null;
  done: Promise<void>;
}

const services = new WeakMap<HubContext, JobService>();

/**
 * The jobs engine of one local Hub, created on first use per context. This module is its queue and
 * lifecycle (SCHEDULING → RUNNING → a final stage, FIFO with a concurrency cap, cancel, restart
 * recovery); the parts live beside it: job-prepare.ts (volumes, `uv run` fallback), job-process.ts
 * (spawn, limits, kill), job-sandbox.ts (bubblewrap), job-logs.ts (logs and events), job-metrics.ts.
 * `close()` kills every process and leaves no timer; `/__test/reset` wipes everything.
 */
export function jobServiceFor(ctx: HubContext): JobService {
  let svc = services.get(ctx);
  if (!svc) {
    svc = new JobService(ctx);
    services.set(ctx, svc);
  }
  return svc;
}

/** See {@link jobServiceFor}. */
export class JobService {
  readonly store: JobStore;
  private readonly running = new Map<string, Running>();
  private readonly preparing = new Map<string, Preparing>();
  private readonly envs: PythonEnvCache;
  private readonly groups = new NetworkGroups();
  private readonly channels: JobChannels;
  private readonly sandbox: JobSandbox;
  private readonly preparer: JobPreparer;
  private readonly processDeps: ProcessDeps;
  private readonly maxConcurrent: number;
  private stopped = false;
  /** set while `/__test/reset` kills processes, so the queue does not start anything meanwhile */
  private resetting = false;
  private readonly closeHooks: (() => void)[] = [];

  constructor(private readonly ctx: HubContext) {
    this.store = new JobStore(ctx.db, ctx.dir);
    this.maxConcurrent = ctx.options.maxConcurrentJobs ?? cpus().length;
    this.sandbox = new JobSandbox(ctx);
    this.channels = new JobChannels((id) => this.jobDir(id));
    this.envs = new PythonEnvCache(join(ctx.dir, "python-envs"));
    this.preparer = new JobPreparer(ctx, this.sandbox, this.envs, this.channels);
    this.processDeps = {
      sandbox: this.sandbox, groups: this.groups, channels: this.channels, jobLimits: ctx.options.jobLimits,
      jobDir: (id) => this.jobDir(id),
      secrets: (id) => this.store.secrets(id),
      setPid: (id, pid) => this.store.update(id, { pid }, isoNow()),
      onEnd: (job, outcome) => this.processEnded(job, outcome),
    };
    this.recover();
    ctx.onClose(() => this.shutdown());
    ctx.onReset(() => this.reset());
  }

  /** Registers work to run when the service shuts down (before processes are killed). */
  onShutdown(fn: () => void): void {
    this.closeHooks.push(fn);
  }

  private jobDir(id: string): string {
    return join(this.ctx.dir, "jobs", id);
  }

  /** Jobs left SCHEDULING/RUNNING by a previous process: kill leftovers, mark ERROR (issue 3, item 4). */
  private recover(): void {
    for (const job of this.store.inStages(["SCHEDULING", "RUNNING"])) {
      if (job.pid && processHasJobId(job.pid, job.id)) {
        try {
          process.kill(-job.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      const now = isoNow();
      const message = job.stage === "RUNNING" ? RESTART_MESSAGE : RESTART_QUEUED_MESSAGE;
      // The job died with the previous process, not now: its last sign of life is its last log line
      // (or its start), so the downtime is not counted in its duration and cost.
      const lastLine = readNdjson<{ timestamp?: string }>(logFile(this.jobDir(job.id))).at(-1)?.timestamp;
      const finishedAt = [lastLine, job.startedAt].find((t): t is string => typeof t === "string") ?? now;
      this.store.update(job.id, { stage: "ERROR", message, finishedAt, pid: null }, now);
      new NdjsonChannel<StageEvent>(eventsFile(this.jobDir(job.id)))
        .append([{ type: "stage", stage: "ERROR", message, timestamp: now }]);
      removeTreeBeneath(join(this.jobDir(job.id), "work"));
      JobCgroup.removeStale(this.sandbox.cgroups, job.id);
      JobCgroup.removeStale(this.sandbox.cgroups, `${job.id}-env`); // its pip build, when it died mid-build
    }
  }

  /**
   * Stores a validated job as SCHEDULING and queues it.
   * @param p.owner the namespace's account; `createdBy` the requesting user
   * @throws HubError 503 while the Hub shuts down
   */
  create(p: {
    namespace: string; spec: JobSpec; secrets: Record<string, string>; owner: OwnerRef; initiator: InitiatorRef;
    createdBy: { id: string; name: string }; scheduledJobId?: string | null;
  }): JobRecord {
    if (this.stopped) throw hubError(503, "The local Hub is shutting down");
    const now = isoNow();
    const job = this.store.insert(
      { id: newObjectId(), namespace: p.namespace, spec: p.spec, createdAt: now, owner: p.owner, initiator: p.initiator,
        createdBy: p.createdBy, scheduledJobId: p.scheduledJobId ?? null },
      p.secrets,
    );
    this.channels.open(job.id);
    this.channels.appendStage(job.id, "SCHEDULING", null, now);
    queueMicrotask(() => this.pump());
    return job;
  }

  /** Duplicates a job: same spec and secrets, `initiator.type = "duplicated-job"`. */
  duplicate(source: JobRecord, caller: Caller): JobRecord {
    return this.create({
      namespace: source.namespace, spec: source.spec, secrets: this.store.secrets(source.id), owner: source.owner,
      initiator: { type: "duplicated-job", id: source.id }, createdBy: { id: caller.user.id, name: caller.user.name },
    });
  }

  /** Live log channel of an unfinished job, or null (then replay the file). */
  logChannel(id: string): NdjsonChannel<LogRecord> | null {
    return this.channels.log(id);
  }

  /** Live stage-event channel of an unfinished job, or null (then replay the file). */
  eventChannel(id: string): NdjsonChannel<StageEvent> | null {
    return this.channels.event(id);
  }

  /** Stored log lines of any job (finished ones included). */
  readLog(id: string): LogRecord[] {
    return this.channels.readLog(id);
  }

  /** Stored stage events of any job. */
  readEvents(id: string): StageEvent[] {
    return this.channels.readEvents(id);
  }

  private setStage(id: string, stage: JobStage, message: string | null, extra: Partial<Pick<JobRecord, "startedAt" | "finishedAt" | "pid">> = {}): JobRecord | null {
    if (this.stopped) return null;
    const now = isoNow();
    const terminal = TERMINAL_STAGES.includes(stage);
    const job = this.store.update(id, { stage, message, ...extra, ...(terminal ? { finishedAt: now, pid: null } : {}) }, now);
    this.channels.appendStage(id, stage, message, now);
    if (terminal) {
      this.channels.end(id);
      // The job's processes are gone (its pid namespace died with it), but links it left are never followed.
      removeTreeBeneath(join(this.jobDir(id), "work"));
    }
    return job;
  }

  /** Starts queued jobs while slots are free (FIFO across namespaces). */
  private pump(): void {
    if (this.stopped || this.resetting) return;
    let free = this.maxConcurrent - this.running.size - this.preparing.size;
    if (free <= 0) return;
    for (const job of this.store.inStages(["SCHEDULING"])) {
      if (free <= 0) break;
      if (this.running.has(job.id) || this.preparing.has(job.id)) continue;
      free -= 1;
      this.start(job);
    }
  }

  /** RUNNING: prepares the job (under its timeout, cancelable), then starts its process. */
  private start(queued: JobRecord): void {
    const startedAt = isoNow();
    const job = this.setStage(queued.id, "RUNNING", null, { startedAt });
    if (!job) return;
    this.channels.appendLog(job.id, [`===== Job started at ${startedAt.slice(0, 19).replace("T", " ")} =====`], startedAt);
    // The timeout counts from RUNNING, so installing dependencies is part of the job's time, as with uv in HF Jobs.
    const timeout = job.spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const deadline = Date.now() + timeout * 1000;
    let finishPrep = () => {};
    const prep: Preparing = { abort: new AbortController(), reason: null, done: new Promise<void>((r) => (finishPrep = r)) };
    this.preparing.set(job.id, prep);
    const timer = setTimeout(() => {
      prep.reason ??= "timeout";
      prep.abort.abort();
    }, Math.min(timeout * 1000, 2 ** 31 - 1));
    const settle = (launch: Launch | null, err: unknown) => {
      clearTimeout(timer);
      this.preparing.delete(job.id);
      if (launch && prep.reason !== null) releaseLaunch(launch);
      if (prep.reason === "cancel") this.setStage(job.id, "CANCELED", null);
      else if (prep.reason === "timeout") this.setStage(job.id, "ERROR", `Job timed out after ${timeout} seconds (timeoutSeconds)`);
      else if (prep.reason === null && launch) {
        const run = startJobProcess(this.processDeps, job, launch, deadline);
        if (run) this.running.set(job.id, run);
      } else if (prep.reason === null) {
        const message = err instanceof HubError || err instanceof Error ? err.message : String(err);
        if (!(err instanceof EnvBuildError)) this.channels.appendLog(job.id, [message]);
        this.setStage(job.id, "ERROR", message);
      }
      finishPrep();
      queueMicrotask(() => this.pump());
    };
    this.preparer.prepare(job, prep.abort.signal).then((launch) => settle(launch, null), (err: unknown) => settle(null, err));
  }

  /** A job's process ended (or could not start): record its final stage and free its slot. */
  private processEnded(job: JobRecord, outcome: ProcessOutcome): void {
    this.running.delete(job.id);
    if (outcome) {
      if (outcome.log) this.channels.appendLog(job.id, outcome.log);
      this.setStage(job.id, outcome.stage, outcome.message);
    }
    queueMicrotask(() => this.pump());
  }

  /**
   * Cancels a job: a queued one becomes CANCELED at once; a running one gets its process group
   * killed and is returned once the process is gone (≈ at most the 1 s grace period).
   */
  async cancel(id: string): Promise<JobRecord | null> {
    const run = this.running.get(id);
    const prep = this.preparing.get(id);
    if (prep) {
      prep.reason ??= "cancel";
      prep.abort.abort();
      await prep.done;
    } else if (run) {
      killJob(run, "cancel");
      await run.exited;
    } else {
      const job = this.store.get(id);
      if (job?.stage === "SCHEDULING") this.setStage(id, "CANCELED", null);
    }
    return this.store.get(id);
  }

  /** Whether a job has a live process (used by metrics). */
  processOf(id: string): number | null {
    const run = this.running.get(id);
    return run && run.reason === null ? run.pgid : null;
  }

  /** One metrics reading of a running job, relative to the previous sample of the same stream; null without a live process. */
  metrics(job: JobRecord, prev: TreeSample | null): { payload: MetricsPayload; sample: TreeSample } | null {
    const pid = this.processOf(job.id);
    return pid === null ? null : jobMetrics(job, pid, prev);
  }

  /** Stops every job still preparing (its pip build too, once no other job waits for it). */
  private abortPreparing(): Promise<unknown> {
    const preps = [...this.preparing.values()];
    for (const p of preps) {
      p.reason ??= "shutdown";
      p.abort.abort();
    }
    return Promise.all(preps.map((p) => p.done));
  }

  /** Kills every process, stops timers; stages stay as they are (the next start marks them ERROR). */
  private async shutdown(): Promise<void> {
    for (const fn of this.closeHooks) fn();
    this.stopped = true;
    const preps = this.abortPreparing();
    this.envs.close();
    const runs = [...this.running.values()];
    for (const run of runs) killJob(run, "shutdown");
    await Promise.all([...runs.map((r) => r.exited), preps]);
    this.channels.endAll();
  }

  /** `/__test/reset`: kills everything, wipes tables and `{dir}/jobs`. */
  private async reset(): Promise<void> {
    this.resetting = true;
    const preps = this.abortPreparing();
    const runs = [...this.running.values()];
    for (const run of runs) killJob(run, "shutdown");
    await Promise.all([...runs.map((r) => r.exited), preps]);
    this.resetting = false;
    this.channels.endAll();
    this.store.wipe();
    removeTreeBeneath(join(this.ctx.dir, "jobs"));
  }
}
