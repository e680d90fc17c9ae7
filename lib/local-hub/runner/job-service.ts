import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { delimiter, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { Caller } from "../auth";
import type { HubContext } from "../context";
import { HubError, hubError } from "../errors";
import { isoNow, newObjectId } from "../ids";
import { sandboxHostUser } from "../sandbox-user";
import { getBucket, openBucketFolder } from "../store/buckets";
import { closeDir, type DirHandle, MAX_DEPTH, openFileBeneath, openRoot, removeTreeBeneath } from "../store/contained-path";
import {
  JobStore, TERMINAL_STAGES, type InitiatorRef, type JobRecord, type JobSpec, type JobStage, type OwnerRef,
} from "../store/jobs";
import { flavorResources } from "./hardware-flavors";
import { NdjsonChannel, readNdjson } from "./ndjson-channel";
import { sampleProcessTree, type TreeSample } from "./process-tree-metrics";
import {
  adoptTree, sealTree, hardLimit, measureDirs, mirrorFolder, opensStateToSandboxUser, openWorkDir, reachableBy, userNamespacesWork,
} from "./sandbox-host";
import { detectCgroupParents, JobCgroup, JOIN_CGROUPS_SCRIPT, type CgroupParents } from "./job-cgroup";
import { formatBytes, jobLimitsFor, type JobLimits } from "./job-limits";
import { NetworkGroups } from "./network-group";
import {
  EnvBuildError, interpreterBinds, PYTHON_ENV_MOUNT, PYTHON_SHIM_MOUNT, PythonEnvCache, requirementProblem,
  type BuildSandbox,
} from "./python-env";
import { DEFAULT_PYTHON, discoverInterpreters, imagePythonVersion, selectInterpreter, versionString, type PythonInterpreter } from "./python-interpreters";
import {
  buildBwrapArgs, ETC_ALLOWLIST, GENERATED_ETC, SANDBOX_WORKDIR, sandboxEtcFiles, type SandboxMount,
} from "./sandbox-args";
import { openRepoVolume } from "./repo-volumes";
import { MAX_SCRIPT_BYTES, parseScriptMetadata, type ScriptMetadata } from "./script-metadata";
import { parseUvRun, type UvRunPlan } from "./uv-fallback";
import { DEFAULT_TIMEOUT_SECONDS, reservedMountProblem } from "./validate-job-spec";

/** One log line as stored in `log.ndjson` and sent on the logs SSE stream (specs/hub-jobs-api.md §7.6). */
export interface LogRecord {
  data: string;
  /** ISO-8601 UTC */
  timestamp: string;
}

/**
 * One stage change as stored in `events.ndjson` and sent on the events SSE stream. The Hub's payload
 * is undocumented (specs/hub-jobs-api.md §7.8); this is the local Hub's shape.
 */
export interface StageEvent {
  type: "stage";
  stage: JobStage;
  message: string | null;
  timestamp: string;
}

/** The metrics payload, with the Hub's snake_case names (specs/hub-jobs-api.md §7.7). */
export interface MetricsPayload {
  cpu_usage_pct: number;
  cpu_millicores: number;
  memory_used_bytes: number;
  memory_total_bytes: number;
  rx_bps: number;
  tx_bps: number;
  gpus: Record<string, never>;
  replica: string;
}

/** Status message of jobs found unfinished at start-up (specs: issue 3, item 4). */
export const RESTART_MESSAGE = "The local Hub restarted while this job was running";
/** Status message of jobs found still queued (SCHEDULING) at start-up. */
export const RESTART_QUEUED_MESSAGE = "The local Hub restarted before this job could start";

/** Grace period between SIGTERM and SIGKILL when a job is canceled or times out. */
const KILL_GRACE_MS = 1000;

interface Running {
  job: JobRecord;
  child: ChildProcess;
  pgid: number;
  /** `limit`: stopped by the Hub for going over a limit (`limitMessage` says which) */
  reason: "cancel" | "timeout" | "shutdown" | "limit" | null;
  limitMessage: string | null;
  limits: JobLimits;
  cgroup: JobCgroup | null;
  /** writable folders whose growth counts against `limits.diskBytes`, and their size at start */
  disk: { dirs: DirHandle[]; baseBytes: number; baseEntries: number; nextWalkAt: number };
  watch: NodeJS.Timeout | null;
  /** the leader is bwrap (signals go to the processes inside it) */
  sandboxed: boolean;
  timer: NodeJS.Timeout | null;
  killTimer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/**
/** A host folder bound into the sandbox from a handle the Hub opened (`--bind-fd`). */
type OpenMount = SandboxMount & { dir: DirHandle };

/**
 * How a job is run: in bubblewrap (bucket folders, the Python environment and host paths as open
 * handles, bound with `--bind-fd`), or as a plain child process. `pathPrefix` goes before the sandbox's
 * PATH (the environment's bin); `extraRoBinds` are host paths the sandbox must see read-only at the same
 * path (an interpreter outside /usr), opened by the Hub so the unprivileged host user needs no access
 * to their parents (e.g. /root, 0700).
 */
type Launch = { argv: string[]; sandbox: { mounts: OpenMount[]; extraRoBinds: string[]; pathPrefix: string[] } | null };

/** Period of the limits watcher (cgroup events, disk growth), ms. */
const WATCH_MS = 1000;

/** A job between RUNNING and its process: volumes, the Python environment (pip may take a while). */
interface Preparing {
  abort: AbortController;
  reason: "cancel" | "timeout" | "shutdown" | null;
  done: Promise<void>;
}

const services = new WeakMap<HubContext, JobService>();

/**
 * The jobs engine of one local Hub, created on first use per context: job store, FIFO queue with a
 * concurrency cap, process lifecycle (bubblewrap sandbox or plain child process), logs, events,
 * metrics, restart recovery. `close()` kills every process and leaves no timer; `/__test/reset`
 * wipes everything.
 */
export function jobServiceFor(ctx: HubContext): JobService {
  let svc = services.get(ctx);
  if (!svc) {
    svc = new JobService(ctx);
    services.set(ctx, svc);
  }
  return svc;
}

export class JobService {
  readonly store: JobStore;
  private readonly running = new Map<string, Running>();
  private readonly preparing = new Map<string, Preparing>();
  private readonly envs: PythonEnvCache;
  private readonly groups = new NetworkGroups();
  /** found once, at the first job that needs to choose (python-interpreters.ts) */
  private interpreters: Promise<PythonInterpreter[]> | null = null;
  private readonly network: boolean;
  private readonly logs = new Map<string, NdjsonChannel<LogRecord>>();
  private readonly events = new Map<string, NdjsonChannel<StageEvent>>();
  private readonly maxConcurrent: number;
  private readonly bwrap: string | null;
  /** the unprivileged host user bwrap runs as (Hub running as root), else null */
  private readonly hostUser: { uid: number; gid: number } | null;
  private readonly cgroups: CgroupParents;
  /** host folder with the generated /etc files of every sandbox */
  private readonly etcDir: string;
  private readonly logBytes = new Map<string, number>();
  private stopped = false;
  /** set while `/__test/reset` kills processes, so the queue does not start anything meanwhile */
  private resetting = false;
  private readonly closeHooks: (() => void)[] = [];

  constructor(private readonly ctx: HubContext) {
    this.store = new JobStore(ctx.db, ctx.dir);
    this.maxConcurrent = ctx.options.maxConcurrentJobs ?? cpus().length;
    this.bwrap = detectBwrap(ctx.options.bwrapPath ?? process.env.LOCAL_HUB_BWRAP ?? "bwrap");
    const wanted = sandboxHostUser(ctx.options);
    if (wanted) opensStateToSandboxUser(ctx.dir);
    // Some kernels refuse user namespaces to unprivileged users: then bwrap stays root outside (still
    // an unprivileged uid with no capabilities inside), and the start-up log says so.
    this.hostUser = wanted && this.bwrap && userNamespacesWork(this.bwrap, wanted, ctx.dir) ? wanted : null;
    if (wanted && this.bwrap && !this.hostUser) {
      console.warn(`[local-hub] uid ${wanted.uid} cannot create user namespaces or reach ${ctx.dir} (chmod o+x its parent folders): job sandboxes start from root`);
    }
    this.cgroups = detectCgroupParents();
    this.etcDir = join(ctx.dir, "sandbox-etc");
    mkdirSync(this.etcDir, { recursive: true });
    for (const [name, text] of Object.entries(sandboxEtcFiles())) writeFileSync(join(this.etcDir, name), text, { mode: 0o644 });
    this.network = (ctx.options.jobNetwork ?? "host") === "host";
    this.envs = new PythonEnvCache(join(ctx.dir, "python-envs"));
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
      const lastLine = readNdjson<{ timestamp?: string }>(join(this.jobDir(job.id), "log.ndjson")).at(-1)?.timestamp;
      const finishedAt = [lastLine, job.startedAt].find((t): t is string => typeof t === "string") ?? now;
      this.store.update(job.id, { stage: "ERROR", message, finishedAt, pid: null }, now);
      new NdjsonChannel<StageEvent>(join(this.jobDir(job.id), "events.ndjson"))
        .append([{ type: "stage", stage: "ERROR", message, timestamp: now }]);
      removeTreeBeneath(join(this.jobDir(job.id), "work"));
      JobCgroup.removeStale(this.cgroups, job.id);
      JobCgroup.removeStale(this.cgroups, `${job.id}-env`); // its pip build, when it died mid-build
    }
  }

  /**
   * Stores a validated job as SCHEDULING and queues it.
   * @param p.owner the namespace's account; `createdBy` the requesting user
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
    this.logs.set(job.id, new NdjsonChannel(join(this.jobDir(job.id), "log.ndjson")));
    const events = new NdjsonChannel<StageEvent>(join(this.jobDir(job.id), "events.ndjson"));
    this.events.set(job.id, events);
    events.append([{ type: "stage", stage: "SCHEDULING", message: null, timestamp: now }]);
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
    return this.logs.get(id) ?? null;
  }

  eventChannel(id: string): NdjsonChannel<StageEvent> | null {
    return this.events.get(id) ?? null;
  }

  /** Stored log lines of any job (finished ones included). */
  readLog(id: string): LogRecord[] {
    return readNdjson<LogRecord>(join(this.jobDir(id), "log.ndjson"));
  }

  readEvents(id: string): StageEvent[] {
    return readNdjson<StageEvent>(join(this.jobDir(id), "events.ndjson"));
  }

  private setStage(id: string, stage: JobStage, message: string | null, extra: Partial<Pick<JobRecord, "startedAt" | "finishedAt" | "pid">> = {}): JobRecord | null {
    if (this.stopped) return null;
    const now = isoNow();
    const terminal = TERMINAL_STAGES.includes(stage);
    const job = this.store.update(id, { stage, message, ...extra, ...(terminal ? { finishedAt: now, pid: null } : {}) }, now);
    this.events.get(id)?.append([{ type: "stage", stage, message, timestamp: now }]);
    if (terminal) {
      this.logs.get(id)?.end();
      this.events.get(id)?.end();
      this.logs.delete(id);
      this.events.delete(id);
      this.logBytes.delete(id);
      // The job's processes are gone (its pid namespace died with it), but links it left are never followed.
      removeTreeBeneath(join(this.jobDir(id), "work"));
    }
    return job;
  }

  private appendLog(id: string, lines: string[], at = isoNow()): void {
    this.logs.get(id)?.append(lines.map((data) => ({ data, timestamp: at })));
  }

  /**
   * Appends the job's own output, up to `limit` stored bytes (issue 9: a job must not fill the disk
   * through its log); past it, one notice and nothing more.
   */
  private appendOutput(id: string, lines: string[], limit: number): void {
    const used = this.logBytes.get(id) ?? 0;
    if (used > limit) return;
    const kept: string[] = [];
    let total = used;
    for (const line of lines) {
      total += Buffer.byteLength(line) + 1;
      if (total > limit) {
        kept.push(`[local Hub] Log limit reached (${formatBytes(limit)} of output): later output of this job is not stored.`);
        total = limit + 1;
        break;
      }
      kept.push(line);
    }
    this.logBytes.set(id, total);
    this.appendLog(id, kept);
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

  private start(queued: JobRecord): void {
    const startedAt = isoNow();
    const job = this.setStage(queued.id, "RUNNING", null, { startedAt });
    if (!job) return;
    this.appendLog(job.id, [`===== Job started at ${startedAt.slice(0, 19).replace("T", " ")} =====`], startedAt);
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
      else if (prep.reason === null && launch) this.spawnJob(job, launch, deadline);
      else if (prep.reason === null) {
        const message = err instanceof HubError || err instanceof Error ? err.message : String(err);
        if (!(err instanceof EnvBuildError)) this.appendLog(job.id, [message]);
        this.setStage(job.id, "ERROR", message);
      }
      finishPrep();
      queueMicrotask(() => this.pump());
    };
    this.prepare(job, prep.abort.signal).then((launch) => settle(launch, null), (err: unknown) => settle(null, err));
  }

  /**
   * Resolves volumes, sandbox, the Python environment and the command; writes the notices.
   * @throws Error with the user-facing reason (EnvBuildError: pip's lines are in the log already)
   */
  private async prepare(job: JobRecord, signal: AbortSignal): Promise<Launch> {
    const { spec } = job;
    const image = spec.dockerImage ? `The image "${spec.dockerImage}"` : `The Space "${spec.spaceId}"'s image`;
    const sandboxed = this.bwrap !== null;
    const python = pythonVersion(sandboxed);
    this.appendLog(job.id, [
      `[local Hub] ${image} is not pulled: the command runs with this machine's toolchain (python3 = ${python}).`,
    ]);
    if (spec.volumes.length && !sandboxed) {
      throw new Error("Volumes need bubblewrap (bwrap) on the local Hub's machine to be mounted; install it (apt-get install bubblewrap) or run the job without volumes");
    }
    const mounts: OpenMount[] = [];
    try {
      for (const v of spec.volumes) {
        const reservedProblem = reservedMountProblem(v.mountPath);
        if (reservedProblem) throw new Error(`Volume ${reservedProblem}`);
        // Models, datasets and Spaces: a per-commit read-only tree (runner/repo-volumes.ts).
        if (v.type !== "bucket") {
          mounts.push(openRepoVolume(this.ctx, v, job.createdBy.name));
          continue;
        }
        if (!getBucket(this.ctx, v.source)) throw new Error(`Bucket ${v.source} (volume at ${v.mountPath}) does not exist anymore`);
        const readOnly = v.readOnly === true;
        // Opened without following a link; bwrap binds this very folder (--bind-fd), whatever happens to the path.
        const dir = openBucketFolder(this.ctx, v.source, v.path ?? "", this.hostUser);
        mounts.push({ hostPath: dir.path, mountPath: v.mountPath, readOnly, dir });
        // The job's uid 1000 is the host user that starts bwrap: uid 61000, or the Hub's own user when
        // sandboxes start from root (fallback). Bucket routes hand files to uid 61000 whether or not the
        // fallback was taken, so the volume goes to whichever user the job really is.
        if (!readOnly) adoptTree(dir, this.hostUser ?? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
      }
    } catch (err) {
      for (const m of mounts) closeDir(m.dir);
      throw err;
    }
    const net = !sandboxed
      ? "this machine's network"
      : this.network ? "this machine's network (outbound access, like HF Jobs)" : "no network (the local Hub runs with --job-network none)";
    this.appendLog(job.id, [
      sandboxed
        ? `[local Hub] Running in a bubblewrap sandbox with ${net}${mounts.length ? `; ${mounts.map((m) => `${m.mountPath} (${m.readOnly ? "read-only" : "read-write"})`).join(", ")} mounted from volumes` : ""}.`
        : "[local Hub] bubblewrap is not available: running as a plain process on this machine.",
    ]);
    const resources = flavorResources(spec.flavor);
    if (resources?.accelerated) this.appendLog(job.id, [`[local Hub] Flavor ${spec.flavor} has GPUs; this machine runs the job on CPU only.`]);
    this.appendLog(job.id, this.exposeNotices(job, sandboxed));

    const argv = [...(spec.command ?? []), ...spec.arguments];
    const launch: Launch = { argv, sandbox: sandboxed ? { mounts, extraRoBinds: [], pathPrefix: [] } : null };
    try {
      if (argv.length === 0) throw new Error("The job has no command; the local Hub cannot run an image's default command");
      if (!uvAvailable(sandboxed)) {
        const plan = parseUvRun(argv);
        if (plan) await this.uvFallback(job, plan, launch, signal);
      }
    } catch (err) {
      releaseLaunch(launch);
      throw err;
    }
    return launch;
  }

  /** Log lines for `expose` and `ssh` (hub-jobs-2x.md), saying what the local Hub does with them. */
  private exposeNotices(job: JobRecord, sandboxed: boolean): string[] {
    const lines: string[] = [];
    const ports = job.spec.expose?.ports ?? [];
    if (ports.length) {
      lines.push(this.network || !sandboxed
        ? `[local Hub] Exposed ports are reached from this machine at ${ports.map((p) => `http://127.0.0.1:${p}`).join(", ")} (the job shares this machine's network; listen on 0.0.0.0 or 127.0.0.1; no token is checked).`
        : "[local Hub] Exposed ports cannot be reached: this local Hub runs jobs without network (--job-network none), so status.exposeUrls is not set.");
    }
    if (job.spec.ssh?.enabled) lines.push("[local Hub] ssh is not available: the local Hub has no SSH gateway, so status.sshUrl is not set; use the job's logs instead.");
    return lines;
  }

  /**
   * `uv run` without uv (issue 10, item 1): the `--with` requirements and the script's PEP 723
   * dependencies go into a cached virtual environment built with pip ({@link PythonEnvCache}), on the
   * interpreter `--python`/`requires-python` select; the command then runs with that environment's
   * `bin` first on PATH. Options without effect here are named in the log.
   * @throws Error with the reason (no matching Python, a refused requirement, pip failed)
   */
  private async uvFallback(job: JobRecord, plan: UvRunPlan, launch: Launch, signal: AbortSignal): Promise<void> {
    if (plan.error) throw new Error(plan.error);
    const notes = plan.notices.map((n) => `[local Hub] ${n}`);
    let meta: ScriptMetadata | null = null;
    if (plan.target.kind === "script") {
      const read = this.scriptMetadata(plan.target.path, launch.sandbox?.mounts ?? []);
      if (typeof read === "string") notes.push(`[local Hub] ${read}`);
      else meta = read;
      if (meta?.uvSettings.length) notes.push(`[local Hub] [tool.uv] settings not honoured (no uv on this machine): ${meta.uvSettings.join(", ")}`);
    }
    const requirements = [...plan.with, ...(meta?.dependencies ?? [])];
    for (const r of requirements) {
      const problem = requirementProblem(r);
      if (problem) throw new Error(`uv run: cannot install ${problem}`);
    }
    const t = plan.target;
    const argv = t.kind === "python" ? ["python3", ...plan.args]
      : t.kind === "script" ? ["python3", t.path, ...plan.args]
        : t.kind === "module" ? ["python3", "-m", t.name, ...plan.args]
          : [t.name, ...plan.args];
    this.appendLog(job.id, [`[local Hub] uv is not installed: running "${argv.join(" ")}" instead of "uv run"${requirements.length ? ", in a Python environment built with pip" : ""}.`, ...notes]);
    launch.argv = argv;
    const requiresPython = meta?.requiresPython ?? null;
    const imagePython = imagePythonVersion(job.spec.dockerImage);
    if (requirements.length === 0 && plan.python === null && requiresPython === null && imagePython === null) return;

    this.interpreters ??= discoverInterpreters();
    const interpreters = await this.interpreters;
    let request = plan.python;
    if (request === null && imagePython !== null) {
      // uv in the image would use the image's Python (e.g. 3.12 in ghcr.io/astral-sh/uv:python3.12-bookworm,
      // the default image of `hf jobs uv run`, specs/hub-jobs-api.md §9.1): take it when this machine has it.
      const fromImage = selectInterpreter({ interpreters, request: imagePython, requiresPython, defaultExecutable: DEFAULT_PYTHON });
      if (!("error" in fromImage)) {
        request = imagePython;
        this.appendLog(job.id, [`[local Hub] Python ${imagePython}, as in the image ${job.spec.dockerImage} (no --python given).`]);
      }
    }
    const chosen = selectInterpreter({ interpreters, request, requiresPython, defaultExecutable: DEFAULT_PYTHON });
    if ("error" in chosen) throw new Error(chosen.error);
    if (requirements.length === 0 && isDefaultPython(chosen)) return;
    if (!launch.sandbox && requirements.length === 0 && launch.argv[0] === "python3") {
      // A plain process sees the whole machine: the chosen interpreter runs as it is.
      launch.argv = [chosen.executable, ...launch.argv.slice(1)];
      return;
    }
    if (!launch.sandbox || !this.bwrap) {
      throw new Error(`Installing Python dependencies (${requirements.join(", ") || `Python ${versionString(chosen)}`}) needs bubblewrap (bwrap) on the local Hub's machine: pip runs in the sandbox. Install it (apt-get install bubblewrap)`);
    }
    const env = await this.envs.ensure(chosen, requirements, {
      jobId: job.id, signal, sandbox: this.buildSandbox(job), log: (lines) => this.appendLog(job.id, lines),
    });
    // Opened now, bound from the fd: the host user running bwrap needs no access to the Hub's folder.
    const envDir = openRoot(env.hostDir);
    launch.sandbox.mounts.push({ hostPath: env.hostDir, mountPath: PYTHON_ENV_MOUNT, readOnly: true, dir: envDir });
    launch.sandbox.extraRoBinds.push(...interpreterBinds(chosen));
    launch.sandbox.pathPrefix.push(`${PYTHON_ENV_MOUNT}/bin`);
  }

  /**
   * The PEP 723 header of a script in a bucket volume, read on the host through the volume's open folder
   * without following a link (store/contained-path.ts; first {@link MAX_SCRIPT_BYTES} bytes).
   * @returns the metadata (null: no header) or a sentence saying why it was not read
   * @throws Error when the header is invalid (uv refuses such a script too)
   */
  private scriptMetadata(script: string, mounts: OpenMount[]): ScriptMetadata | null | string {
    const m = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length).find((x) => script.startsWith(x.mountPath + "/"));
    const why = `the script ${script} could not be read on the host (it is not a regular file in a bucket volume), so its inline dependencies are not installed`;
    if (!m) return why;
    const rel = script.slice(m.mountPath.length + 1);
    if (rel.split("/").some((x) => x === ".." || x === "." || x === "") || rel.includes("\0")) return why;
    let text: string;
    try {
      const opened = openFileBeneath(m.dir.path, rel);
      if (!opened) return why;
      try {
        const buf = Buffer.alloc(Math.min(MAX_SCRIPT_BYTES, opened.st.size));
        let n = 0;
        while (n < buf.length) {
          const r = readSync(opened.fd, buf, n, buf.length - n, n);
          if (r === 0) break;
          n += r;
        }
        text = buf.subarray(0, n).toString("utf8");
      } finally {
        closeSync(opened.fd);
      }
    } catch {
      // a link on the way (never followed) or a vanished file
      return why;
    }
    try {
      return parseScriptMetadata(text);
    } catch (err) {
      throw new Error(`uv run ${script}: ${(err as Error).message}`);
    }
  }

  private jobEnv(job: JobRecord, launch: Launch, group: Record<string, string>): Record<string, string> {
    const r = flavorResources(job.spec.flavor);
    const sandboxed = launch.sandbox !== null;
    return {
      PATH: launch.sandbox ? [...launch.sandbox.pathPrefix, PYTHON_SHIM_MOUNT, "/usr/local/bin", "/usr/bin", "/bin"].join(":") : (process.env.PATH ?? "/usr/bin:/bin"),
      HOME: sandboxed ? SANDBOX_WORKDIR : join(this.jobDir(job.id), "work"),
      // Without a TTY, Python buffers stdout; unbuffered output makes logs stream live.
      PYTHONUNBUFFERED: "1",
      ...job.spec.environment,
      ...this.store.secrets(job.id),
      JOB_ID: job.id,
      ACCELERATOR: r?.accelerated ? job.spec.flavor : "",
      CPU_CORES: String(r?.cpu ?? 2),
      MEMORY: `${r?.ramGb ?? 16}Gi`,
      ...group,
    };
  }

  private spawnJob(job: JobRecord, launch: Launch, deadline: number): void {
    const workDir = join(this.jobDir(job.id), "work");
    mkdirSync(workDir, { recursive: true });
    const sandboxed = launch.sandbox !== null && this.bwrap !== null;
    const owner = sandboxed ? this.hostUser : null;
    if (owner) {
      chownSync(workDir, owner.uid, owner.gid);
      // bwrap (as `owner`) reaches the work folder and the group hosts file by path: the job folder is searchable, not listable.
      chmodSync(this.jobDir(job.id), 0o711);
    }
    let hostsFile: string | undefined;
    let groupEnv: Record<string, string> = {};
    const network = job.spec.network;
    if (network && sandboxed) {
      hostsFile = join(this.jobDir(job.id), "hosts");
      // Root's, 0644 whatever the umask: readable by the host user running bwrap, writable by no job
      // (bound read-only, and rewritten in place by the Hub only).
      writeFileSync(hostsFile, "", { mode: 0o644 });
      chmodSync(hostsFile, 0o644);
      const member = this.groups.join({
        jobId: job.id, namespace: job.namespace, resourceGroupId: job.spec.resourceGroupId, group: network.group, aliases: network.aliases, hostsFile,
      });
      groupEnv = member.env;
      this.appendLog(job.id, [
        `[local Hub] Network group "${network.group}": this job is ${member.address}; $HF_NETWORK_GROUP_HOSTNAME (${member.env.HF_NETWORK_GROUP_HOSTNAME}) resolves to every member${network.aliases.length ? `, ${network.aliases.map((a) => member.env.HF_NETWORK_GROUP_PREFIX + a).join(", ")} to this job` : ""} (generated /etc/hosts).`,
        ...(this.network ? [] : ["[local Hub] This local Hub runs jobs without network (--job-network none): group names resolve, but members cannot reach each other."]),
      ]);
    } else if (network) {
      this.appendLog(job.id, [`[local Hub] Network group "${network.group}" is not set up without bubblewrap: the job runs on this machine's network with no group names.`]);
    }
    const env = this.jobEnv(job, launch, groupEnv);
    const limits = jobLimitsFor(job.spec.flavor, this.ctx.options.jobLimits);
    const cgroup = JobCgroup.create(this.cgroups, job.id, limits, owner);
    this.appendLog(job.id, [
      `[local Hub] Limits: ${formatBytes(limits.memoryBytes)} memory${cgroup?.memory ? "" : " per process"}, ${limits.processes} processes, `
      + `${limits.openFiles} open files, ${formatBytes(limits.tmpBytes)} /tmp, ${formatBytes(limits.diskBytes)} written to /data and ${SANDBOX_WORKDIR}.`,
    ]);
    const mounts = [...(launch.sandbox?.mounts ?? [])];
    if (sandboxed) {
      const shims = this.pythonShims();
      mounts.push({ hostPath: shims.path, mountPath: PYTHON_SHIM_MOUNT, readOnly: true, dir: shims });
    }
    const work = openWorkDir(workDir);
    let sandboxRun: SandboxCommand | null = null;
    const releaseDirs = () => {
      for (const m of mounts) closeDir(m.dir);
      if (work) closeDir(work);
      sandboxRun?.release();
    };
    let command = launch.argv;
    if (sandboxed && launch.sandbox) {
      try {
        sandboxRun = this.sandboxCommand({
          workDir, work, mounts, extraRoBinds: launch.sandbox.extraRoBinds, hostsFile, env, argv: launch.argv, limits,
        });
      } catch (err) {
        releaseDirs();
        cgroup?.remove();
        this.groups.leave(job.id);
        this.setStage(job.id, "ERROR", (err as Error).message);
        return;
      }
      command = sandboxRun.command;
    }
    const argv = [...this.limitWrapper(limits, cgroup), ...command];
    const disk = { dirs: [...mounts.filter((m) => !m.readOnly).map((m) => m.dir)], baseBytes: 0, baseEntries: 0, nextWalkAt: 0 };
    if (work) disk.dirs.push(work);
    const base = measureDirs(disk.dirs, Number.POSITIVE_INFINITY);
    disk.baseBytes = base.bytes;
    disk.baseEntries = base.entries;
    let child: ChildProcess;
    try {
      child = sandboxRun
        ? spawn(argv[0], argv.slice(1), {
          detached: true, stdio: ["ignore", "pipe", "pipe", ...sandboxRun.inherited, "pipe"],
          // bwrap itself carries JOB_ID so a restarted Hub can recognise and kill a leftover sandbox.
          env: asProcessEnv({ JOB_ID: job.id, PATH: process.env.PATH ?? "/usr/bin:/bin" }),
          ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
        })
        : spawn(argv[0], argv.slice(1), { cwd: workDir, env: asProcessEnv(env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      releaseDirs();
      cgroup?.remove();
      this.groups.leave(job.id);
      this.appendLog(job.id, [`Failed to start ${launch.argv[0]}: ${(err as Error).message}`]);
      this.setStage(job.id, "ERROR", `Failed to start the command: ${(err as Error).message}`);
      return;
    }
    if (sandboxRun) writeSandboxOptions(child, sandboxRun);
    let resolveExit = () => {};
    const run: Running = {
      job, child, pgid: child.pid ?? -1, reason: null, limitMessage: null, limits, cgroup, disk, watch: null,
      sandboxed: launch.sandbox !== null, timer: null, killTimer: null,
      exited: new Promise<void>((r) => (resolveExit = r)),
    };
    this.running.set(job.id, run);
    if (child.pid) this.store.update(job.id, { pid: child.pid }, isoNow());
    const timeout = job.spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    // setTimeout fires at once past 2^31-1 ms (~24.8 days); longer timeouts are capped there.
    run.timer = setTimeout(() => this.kill(run, "timeout"), Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1));
    run.watch = setInterval(() => {
      let over: string | null;
      try {
        over = this.overLimit(run);
      } catch (err) {
        // Whatever a job does to its folders (EMFILE, a vanished folder…), the Hub's timer must not throw.
        over = `The local Hub could not check this job's limits (${(err as Error).message}): stopped`;
      }
      if (over) {
        run.limitMessage = over;
        this.kill(run, "limit");
      }
    }, WATCH_MS);

    const pending = { out: "", err: "" };
    // One decoder per stream: a UTF-8 character split across two chunks must not turn into U+FFFD.
    const decoders = { out: new StringDecoder("utf8"), err: new StringDecoder("utf8") };
    const onData = (key: "out" | "err") => (chunk: Buffer) => {
      const text = pending[key] + decoders[key].write(chunk);
      const parts = text.split("\n");
      pending[key] = parts.pop() ?? "";
      // A very long line without a newline (e.g. progress bars with \r) is flushed in pieces.
      if (pending[key].length > 65536) {
        parts.push(pending[key]);
        pending[key] = "";
      }
      if (parts.length) this.appendOutput(job.id, parts.map((l) => l.replace(/\r$/, "")), limits.logBytes);
    };
    child.stdout?.on("data", onData("out"));
    child.stderr?.on("data", onData("err"));

    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let spawnError: Error | null = null;
    const finish = () => {
      if (run.timer) clearTimeout(run.timer);
      if (run.killTimer) clearTimeout(run.killTimer);
      if (run.watch) clearInterval(run.watch);
      this.running.delete(job.id);
      this.groups.leave(job.id);
      const rest = [pending.out, pending.err].filter((s) => s.length > 0);
      if (rest.length) this.appendOutput(job.id, rest, limits.logBytes);
      // A job that failed after touching a limit failed because of it: say which (issue 9, item 3).
      const code = exitInfo?.code ?? 128 + signalNumber(exitInfo?.signal ?? null);
      if (!run.limitMessage && !run.reason && code !== 0) {
        try {
          run.limitMessage = this.overLimit(run, true);
        } catch {
          // the exit code says enough
        }
      }
      releaseDirs();
      cgroup?.remove();
      if (run.reason !== "shutdown") {
        if (spawnError) {
          this.appendLog(job.id, [`Failed to start ${launch.argv[0]}: ${spawnError.message}`]);
          this.setStage(job.id, "ERROR", `Failed to start the command: ${spawnError.message}`);
        } else if (run.reason === "cancel") {
          this.setStage(job.id, "CANCELED", null);
        } else if (run.reason === "timeout") {
          this.setStage(job.id, "ERROR", `Job timed out after ${timeout} seconds (timeoutSeconds)`);
        } else if (run.limitMessage) {
          this.appendLog(job.id, [`[local Hub] ${run.limitMessage}`]);
          this.setStage(job.id, "ERROR", run.limitMessage);
        } else {
          if (code === 0) this.setStage(job.id, "COMPLETED", null);
          else this.setStage(job.id, "ERROR", `Job failed with exit code: ${code}`);
        }
      }
      resolveExit();
      queueMicrotask(() => this.pump());
    };
    child.once("error", (err) => {
      spawnError = err;
      // 'close' still follows an 'error' for a process that never started.
    });
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      // The job ends with its main process, as a container does: leftovers in the group are killed.
      killGroup(run.pgid, "SIGKILL");
    });
    child.once("close", finish);
  }

  /**
   * One bwrap run with the job sandbox of issue 9: the generated `/etc` files, the work folder, every
   * mount and every extra read-only host path are passed as fds bwrap inherits (3, 4, …), so the
   * unprivileged host user that runs bwrap needs no access to the Hub's folders or to the parents of
   * those paths (an interpreter under /root, 0700); bwrap's options (environment and secrets included)
   * go through a pipe (`--args FD`, the fd after the inherited ones), not its command line, which every
   * host user can read in /proc. `hostsFile` (a group member's) is the only path bwrap opens itself.
   * @returns the command (bwrap and the job's argv), the fds to pass in order, the options to write
   *   to the pipe ({@link writeSandboxOptions}), and `release` closing the fds opened here
   * @throws Error naming an extra read-only path that cannot be opened
   */
  private sandboxCommand(p: {
    workDir: string; work: DirHandle | null; mounts: OpenMount[]; extraRoBinds: string[]; hostsFile?: string;
    env: Record<string, string>; argv: string[]; limits: JobLimits;
  }): SandboxCommand {
    if (!this.bwrap) throw new Error("bubblewrap is not available");
    const inherited: number[] = [];
    const pass = (fd: number) => 3 + inherited.push(fd) - 1;
    const opened: number[] = [];
    const release = () => {
      for (const fd of opened.splice(0)) {
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      }
    };
    try {
      const bound = p.mounts.map((m) => ({ hostPath: m.hostPath, mountPath: m.mountPath, readOnly: m.readOnly, fd: pass(m.dir.fd) }));
      const etcFds: Partial<Record<(typeof GENERATED_ETC)[number], number>> = {};
      for (const name of GENERATED_ETC) {
        if (name === "hosts" && p.hostsFile) continue;
        const fd = openSync(join(this.etcDir, name), "r");
        opened.push(fd);
        etcFds[name] = pass(fd);
      }
      // Paths the Hub chose (interpreter prefix, pip's configuration and indexes), never a job's. Those
      // of the /etc allowlist are bound already.
      const extra = [...new Set(p.extraRoBinds)]
        .filter((path) => !ETC_ALLOWLIST.some((e) => path === e || path.startsWith(e + "/")))
        .map((path) => {
          let fd: number;
          try {
            // bwrap, as the unprivileged host user, resolves a bind source back to its path: a folder below
            // one closed to that user (pyenv under /root, 0700) is bound from a hard-linked copy instead.
            const source = this.hostUser && !reachableBy(path, this.hostUser) ? mirrorFolder(path, join(this.ctx.dir, "runtime", "host-copies")) : path;
            fd = openSync(source, constants.O_RDONLY | constants.O_NONBLOCK);
          } catch (err) {
            throw new Error(`The sandbox needs ${path} read-only, but the local Hub cannot open it for the sandbox's user: ${(err as Error).message}`);
          }
          opened.push(fd);
          return { hostPath: path, mountPath: path, readOnly: true, fd: pass(fd) };
        });
      const args = buildBwrapArgs({
        workDir: p.workDir, env: p.env, argv: p.argv, etcDir: this.etcDir, tmpBytes: p.limits.tmpBytes, mounts: bound,
        fds: { etc: etcFds, workDir: p.work ? pass(p.work.fd) : undefined }, extraReadOnly: extra,
        network: this.network, hostsFile: p.hostsFile,
      });
      // bwrap takes only options from the fd: the command (`--` and after, not secret) stays on its argv.
      // (buildBwrapArgs ends with `--`, argv: an env value or an argument may be "--" too)
      const split = args.length - p.argv.length - 1;
      return {
        command: [this.bwrap, "--args", String(3 + inherited.length), ...args.slice(split)],
        inherited,
        options: Buffer.from(args.slice(0, split).map((a) => `${a}\0`).join("")),
        release,
      };
    } catch (err) {
      release();
      throw err;
    }
  }

  /**
   * The sandbox pip builds a job's Python environment in (python-env.ts): {@link sandboxCommand} with
   * the job's flavor limits (cgroup, rlimits, tmpfs sizes), as the unprivileged host user, the build
   * folder read-write at the environment's mount and the build's HOME as work folder.
   */
  private buildSandbox(job: JobRecord): BuildSandbox {
    const owner = this.hostUser;
    return {
      grant: (dirs) => {
        if (owner) for (const d of dirs) chownSync(d, owner.uid, owner.gid);
      },
      seal: (dir) => {
        const handle = openRoot(dir);
        try {
          sealTree(handle, { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
        } finally {
          closeDir(handle);
        }
      },
      spawn: (p) => {
        const limits = jobLimitsFor(job.spec.flavor, this.ctx.options.jobLimits);
        const cgroupId = `${job.id}-env`;
        const cgroup = JobCgroup.create(this.cgroups, cgroupId, limits, owner);
        const home = openRoot(p.home);
        const envDir = openRoot(p.envDir);
        let cmd: SandboxCommand | null = null;
        const release = () => {
          cmd?.release();
          closeDir(home);
          closeDir(envDir);
          for (const pid of cgroup?.members() ?? []) {
            try {
              process.kill(pid, "SIGKILL");
            } catch {
              // gone
            }
          }
          cgroup?.remove();
        };
        try {
          cmd = this.sandboxCommand({
            workDir: p.home, work: home, mounts: [{ hostPath: p.envDir, mountPath: PYTHON_ENV_MOUNT, readOnly: false, dir: envDir }],
            extraRoBinds: p.roBinds, env: p.env, argv: p.argv, limits,
          });
          const argv = [...this.limitWrapper(limits, cgroup), ...cmd.command];
          const child = spawn(argv[0], argv.slice(1), {
            detached: true, stdio: ["ignore", "pipe", "pipe", ...cmd.inherited, "pipe"],
            env: asProcessEnv({ JOB_ID: job.id, PATH: process.env.PATH ?? "/usr/bin:/bin" }),
            ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
          });
          writeSandboxOptions(child, cmd);
          return { child, release };
        } catch (err) {
          release();
          throw err;
        }
      },
    };
  }

  /**
   * The argv prefix that puts a job under its limits before it starts: one `sh` that joins the job's
   * cgroups (so nothing it forks is outside them) and sets the per-process rlimits (open files, file
   * size; address space and process count when there is no cgroup for them), then execs the command.
   * Never above the Hub's own hard limits: raising them is not allowed (and not wanted).
   */
  private limitWrapper(limits: JobLimits, cgroup: JobCgroup | null): string[] {
    const procs = cgroup?.procsFiles() ?? [];
    const cap = (name: string, v: number) => String(Math.floor(Math.min(v, hardLimit(name))));
    const rlimits = [
      cap("Max open files", limits.openFiles),
      String(Math.floor(Math.min(limits.diskBytes, hardLimit("Max file size")) / 512)),
      cgroup?.memory ? "-" : String(Math.floor(Math.min(limits.memoryBytes, hardLimit("Max address space")) / 1024)),
      // RLIMIT_NPROC counts every process of the host user: only worth it when that user is the sandbox's own.
      !cgroup?.pids && this.hostUser ? cap("Max processes", limits.processes) : "-",
    ];
    return ["/bin/sh", "-c", JOIN_CGROUPS_SCRIPT, "sh", String(procs.length), ...procs, ...rlimits];
  }

  /**
   * The limit a job went over, as the message its ERROR shows, or null. Memory and processes from the
   * cgroup counters; disk from a walk of its writable folders (allocated blocks, links not followed).
   * `final`: the job already ended (a file-size or fork failure may be why).
   */
  private overLimit(run: Running, final = false): string | null {
    const { limits, cgroup } = run;
    if (cgroup && cgroup.oomKills() > 0) {
      return `Job ran out of memory: it used more than its ${formatBytes(limits.memoryBytes)} memory limit (the ${run.job.spec.flavor} flavor's RAM)`;
    }
    if (cgroup && cgroup.pidsMaxHits() > 0) {
      return `Job reached its limit of ${limits.processes} processes (pids): stopped`;
    }
    // A walk of a big read-write volume costs: between two walks, wait at least 10× the last one took.
    const now = Date.now();
    if (!final && now < run.disk.nextWalkAt) return null;
    const used = measureDirs(run.disk.dirs, run.disk.baseEntries + limits.diskEntries + 1);
    run.disk.nextWalkAt = Date.now() + (Date.now() - now) * 10;
    if (used.tooDeep) return `Job nested folders more than ${MAX_DEPTH} levels deep in /data or ${SANDBOX_WORKDIR} (disk limit): stopped`;
    if (used.entries - run.disk.baseEntries > limits.diskEntries) {
      return `Job created more than ${limits.diskEntries} files and folders in /data and ${SANDBOX_WORKDIR} (disk entries limit): stopped`;
    }
    const grown = used.bytes - run.disk.baseBytes;
    if (grown > limits.diskBytes || (final && grown >= limits.diskBytes * 0.99)) {
      return `Job wrote more than its ${formatBytes(limits.diskBytes)} disk limit to /data and ${SANDBOX_WORKDIR} (the ${run.job.spec.flavor} flavor's ephemeral storage): stopped`;
    }
    return null;
  }

  /**
   * Sends `signal` to a job. In the sandbox only the processes under the bwrap leader are signalled:
   * bwrap then reaps its child and exits by itself, where killing bwrap first would leave the
   * sandbox's PID 1 as a zombie for the host's init. A plain process gets the signal on its group.
   */
  private signal(run: Running, signal: NodeJS.Signals): void {
    // The process tree, plus every member of the job's cgroups (a process that left the tree stays in them).
    const inner = run.sandboxed ? [...new Set([...sampleProcessTree(run.pgid).pids, ...(run.cgroup?.members() ?? [])])].filter((p) => p !== run.pgid) : [];
    if (inner.length === 0) return killGroup(run.pgid, signal);
    for (const pid of inner) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  }

  /** SIGTERM, then SIGKILL after the grace period (shutdown: SIGKILL at once); the whole group goes last. */
  private kill(run: Running, reason: NonNullable<Running["reason"]>): void {
    if (run.reason) return;
    run.reason = reason;
    const last = () => {
      this.signal(run, "SIGKILL");
      run.killTimer = setTimeout(() => killGroup(run.pgid, "SIGKILL"), 500);
    };
    // Over a limit (a fork bomb, a memory hog) there is nothing to wait for.
    if (reason === "shutdown" || reason === "limit") return last();
    this.signal(run, "SIGTERM");
    run.killTimer = setTimeout(last, KILL_GRACE_MS);
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
      this.kill(run, "cancel");
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

  /** One metrics reading of a running job, relative to the previous sample of the same stream. */
  metrics(job: JobRecord, prev: TreeSample | null): { payload: MetricsPayload; sample: TreeSample } | null {
    const pid = this.processOf(job.id);
    if (pid === null) return null;
    const sample = sampleProcessTree(pid);
    const r = flavorResources(job.spec.flavor);
    const cores = Math.min(r?.cpu ?? cpus().length, cpus().length);
    const dt = prev ? (sample.at - prev.at) / 1000 : 0;
    const used = prev && dt > 0 ? Math.max(0, sample.cpuSeconds - prev.cpuSeconds) / dt : 0;
    return {
      sample,
      payload: {
        cpu_usage_pct: Math.round((used / cores) * 100),
        cpu_millicores: cores * 1000,
        memory_used_bytes: sample.rssBytes,
        memory_total_bytes: Math.min((r?.ramGb ?? 16) * 2 ** 30, totalmem()),
        rx_bps: 0,
        tx_bps: 0,
        gpus: {},
        replica: job.id.slice(-5),
      },
    };
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

  /**
   * Host folder with `python` and `python3` → `/usr/bin/python3`, mounted at {@link PYTHON_SHIM_MOUNT}
   * on every job's PATH: Debian has no `python`, and `hf jobs run python:3.12 python -c …` is the
   * canonical first job. Written by the Hub only (symlinks to sandbox paths; the host never follows them).
   */
  private pythonShims(): DirHandle {
    const dir = join(this.ctx.dir, "runtime", "bin");
    if (!existsSync(join(dir, "python3"))) {
      mkdirSync(dir, { recursive: true });
      for (const name of ["python", "python3"]) {
        try {
          symlinkSync(DEFAULT_PYTHON, join(dir, name));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        }
      }
    }
    return openRoot(dir);
  }

  /** Kills every process, stops timers; stages stay as they are (the next start marks them ERROR). */
  private async shutdown(): Promise<void> {
    for (const fn of this.closeHooks) fn();
    this.stopped = true;
    const preps = this.abortPreparing();
    this.envs.close();
    const runs = [...this.running.values()];
    for (const run of runs) this.kill(run, "shutdown");
    await Promise.all([...runs.map((r) => r.exited), preps]);
    for (const ch of [...this.logs.values(), ...this.events.values()]) ch.end();
    this.logs.clear();
    this.events.clear();
  }

  /** `/__test/reset`: kills everything, wipes tables and `{dir}/jobs`. */
  private async reset(): Promise<void> {
    this.resetting = true;
    const preps = this.abortPreparing();
    const runs = [...this.running.values()];
    for (const run of runs) this.kill(run, "shutdown");
    await Promise.all([...runs.map((r) => r.exited), preps]);
    this.resetting = false;
    for (const ch of [...this.logs.values(), ...this.events.values()]) ch.end();
    this.logs.clear();
    this.events.clear();
    this.store.wipe();
    removeTreeBeneath(join(this.ctx.dir, "jobs"));
  }
}

/** A prepared bwrap run (see JobService.sandboxCommand). */
interface SandboxCommand {
  /** bwrap `--args N` and the job's argv */
  command: string[];
  /** fds bwrap inherits as 3, 4, … (the options pipe comes after them) */
  inherited: number[];
  /** NUL-separated options for the pipe */
  options: Buffer;
  /** closes the fds opened for this run */
  release: () => void;
}

/** Writes bwrap's options to the pipe after the inherited fds (spawned with one more `"pipe"`). */
function writeSandboxOptions(child: ChildProcess, cmd: SandboxCommand): void {
  const argsPipe = child.stdio[3 + cmd.inherited.length];
  if (argsPipe && "end" in argsPipe) {
    argsPipe.on("error", () => {}); // bwrap gone before reading: its exit says why
    (argsPipe as NodeJS.WritableStream).end(cmd.options);
  }
}

/** Closes the folders a prepared launch holds open (it will not be spawned). */
function releaseLaunch(launch: Launch): void {
  for (const m of launch.sandbox?.mounts ?? []) closeDir(m.dir);
}

/** Next's typings make `NODE_ENV` mandatory in ProcessEnv; a job's environment must not get it. */
function asProcessEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return env as NodeJS.ProcessEnv;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  if (pgid <= 0) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (SIGNALS[signal] ?? 0) : 0;
}

/** True when /proc/<pid>/environ holds `JOB_ID=<id>`: only then is a stored pid still this job's. */
function processHasJobId(pid: number, id: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`JOB_ID=${id}`);
  } catch {
    return false;
  }
}

function findOnPath(name: string, path: string): string | null {
  if (name.includes("/")) return existsSync(name) ? name : null;
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The bwrap binary when it exists and answers `--version`; "off" or "" disables the sandbox. */
function detectBwrap(setting: string): string | null {
  if (setting === "off" || setting === "") return null;
  const path = findOnPath(setting, process.env.PATH ?? "");
  if (!path) return null;
  const r = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 5000 });
  return r.status === 0 ? path : null;
}

const pythonVersions = new Map<boolean, string>();
function pythonVersion(sandboxed: boolean): string {
  let v = pythonVersions.get(sandboxed);
  if (v === undefined) {
    const bin = sandboxed ? "/usr/bin/python3" : (findOnPath("python3", process.env.PATH ?? "") ?? "python3");
    const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 5000 });
    v = r.status === 0 ? (r.stdout || r.stderr).trim() : "not found";
    pythonVersions.set(sandboxed, v);
  }
  return v;
}

function uvAvailable(sandboxed: boolean): boolean {
  return findOnPath("uv", sandboxed ? "/usr/local/bin:/usr/bin:/bin" : (process.env.PATH ?? "")) !== null;
}

/** True for the sandbox's default interpreter (a job needs no environment for it). */
function isDefaultPython(p: PythonInterpreter): boolean {
  try {
    return p.executable === realpathSync(DEFAULT_PYTHON);
  } catch {
    return false;
  }
}

