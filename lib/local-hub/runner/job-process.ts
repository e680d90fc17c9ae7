import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { closeDir } from "../store/contained-path";
import type { JobRecord } from "../store/jobs";
import { flavorResources } from "./hardware-flavors";
import { asProcessEnv, killGroup, signalNumber } from "./host-process";
import { JobCgroup } from "./job-cgroup";
import { formatBytes, jobLimitsFor, type JobLimits } from "./job-limits";
import { diskWatch, overLimit, WATCH_MS, type DiskWatch } from "./job-limit-watch";
import type { JobChannels } from "./job-logs";
import type { Launch } from "./job-prepare";
import type { JobSandbox, SandboxCommand } from "./job-sandbox";
import type { NetworkGroups } from "./network-group";
import { sampleProcessTree } from "./process-tree-metrics";
import { PYTHON_SHIM_MOUNT } from "./python-env";
import { SANDBOX_WORKDIR } from "./sandbox-args";
import { openWorkDir } from "./sandbox-host";
import { DEFAULT_TIMEOUT_SECONDS } from "./validate-job-spec";

/** Grace period between SIGTERM and SIGKILL when a job is canceled or times out. */
const KILL_GRACE_MS = 1000;

/** Why the Hub stops a job; `limit`: it went over a limit (`limitMessage` says which). */
export type StopReason = "cancel" | "timeout" | "shutdown" | "limit";

/** A job's live process. */
export interface Running {
  job: JobRecord;
  child: ChildProcess;
  pgid: number;
  reason: StopReason | null;
  limitMessage: string | null;
  limits: JobLimits;
  cgroup: JobCgroup | null;
  disk: DiskWatch;
  watch: NodeJS.Timeout | null;
  /** the leader is bwrap (signals go to the processes inside it) */
  sandboxed: boolean;
  timer: NodeJS.Timeout | null;
  killTimer: NodeJS.Timeout | null;
  /** resolves once the process is gone and {@link ProcessDeps.onEnd} has run */
  exited: Promise<void>;
}

/**
 * The stage a job's process ended in; `log`: lines to append first. null: the Hub shut down (the
 * stage stays as it is; the next start marks it ERROR).
 */
export type ProcessOutcome = { stage: "COMPLETED" | "ERROR" | "CANCELED"; message: string | null; log?: string[] } | null;

/** What {@link startJobProcess} needs of the jobs engine. */
export interface ProcessDeps {
  sandbox: JobSandbox;
  groups: NetworkGroups;
  channels: JobChannels;
  jobLimits: Partial<JobLimits> | undefined;
  jobDir(id: string): string;
  secrets(id: string): Record<string, string>;
  /** records the leader's pid (a restarted Hub kills a leftover by it) */
  setPid(id: string, pid: number): void;
  /** called once per started job, also when it could not start (synchronously then) */
  onEnd(job: JobRecord, outcome: ProcessOutcome): void;
}

/**
 * Starts a prepared job: work folder, network group, cgroup and rlimits, the bwrap run (or a plain
 * process), the timeout (`deadline`, epoch ms), the limits watcher and the log pipes.
 * @returns the live process, or null when it could not start (`onEnd` got the ERROR already)
 */
export function startJobProcess(deps: ProcessDeps, job: JobRecord, launch: Launch, deadline: number): Running | null {
  const sandboxed = launch.sandbox !== null && deps.sandbox.bwrap !== null;
  const owner = sandboxed ? deps.sandbox.hostUser : null;
  const host = hostSetup(deps, job, sandboxed);
  const env = jobEnv(deps, job, launch, host.groupEnv);
  const limits = jobLimitsFor(job.spec.flavor, deps.jobLimits);
  const cgroup = JobCgroup.create(deps.sandbox.cgroups, job.id, limits, owner);
  deps.channels.appendLog(job.id, [
    `[local Hub] Limits: ${formatBytes(limits.memoryBytes)} memory${cgroup?.memory ? "" : " per process"}, ${limits.processes} processes, `
    + `${limits.openFiles} open files, ${formatBytes(limits.tmpBytes)} /tmp, ${formatBytes(limits.diskBytes)} written to /data and ${SANDBOX_WORKDIR}.`,
  ]);
  const mounts = [...(launch.sandbox?.mounts ?? [])];
  if (sandboxed) {
    const shims = deps.sandbox.pythonShims();
    mounts.push({ hostPath: shims.path, mountPath: PYTHON_SHIM_MOUNT, readOnly: true, dir: shims });
  }
  const work = openWorkDir(host.workDir);
  let sandboxRun: SandboxCommand | null = null;
  const releaseDirs = () => {
    for (const m of mounts) closeDir(m.dir);
    if (work) closeDir(work);
    sandboxRun?.release();
  };
  const fail = (outcome: ProcessOutcome) => {
    releaseDirs();
    cgroup?.remove();
    deps.groups.leave(job.id);
    deps.onEnd(job, outcome);
    return null;
  };
  let command = launch.argv;
  if (sandboxed && launch.sandbox) {
    try {
      sandboxRun = deps.sandbox.command({
        workDir: host.workDir, work, mounts, extraRoBinds: launch.sandbox.extraRoBinds, hostsFile: host.hostsFile, env, argv: launch.argv, limits,
      });
    } catch (err) {
      return fail({ stage: "ERROR", message: (err as Error).message });
    }
    command = sandboxRun.command;
  }
  const argv = [...deps.sandbox.limitWrapper(limits, cgroup), ...command];
  const disk = diskWatch([...mounts.filter((m) => !m.readOnly).map((m) => m.dir), ...(work ? [work] : [])]);
  let child: ChildProcess;
  try {
    child = sandboxRun
      ? deps.sandbox.spawn(job.id, argv, sandboxRun)
      : spawn(argv[0], argv.slice(1), { cwd: host.workDir, env: asProcessEnv(env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const message = (err as Error).message;
    return fail({ stage: "ERROR", message: `Failed to start the command: ${message}`, log: [`Failed to start ${launch.argv[0]}: ${message}`] });
  }
  let resolveExit = () => {};
  const run: Running = {
    job, child, pgid: child.pid ?? -1, reason: null, limitMessage: null, limits, cgroup, disk, watch: null,
    sandboxed: launch.sandbox !== null, timer: null, killTimer: null,
    exited: new Promise<void>((r) => (resolveExit = r)),
  };
  if (child.pid) deps.setPid(job.id, child.pid);
  // setTimeout fires at once past 2^31-1 ms (~24.8 days); longer timeouts are capped there.
  run.timer = setTimeout(() => killJob(run, "timeout"), Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1));
  run.watch = setInterval(() => watchLimits(run), WATCH_MS);
  const flushOutput = pipeOutput(child, (lines) => deps.channels.appendOutput(job.id, lines, limits.logBytes));
  followExit(run, () => {
    if (run.timer) clearTimeout(run.timer);
    if (run.killTimer) clearTimeout(run.killTimer);
    if (run.watch) clearInterval(run.watch);
    deps.groups.leave(job.id);
    flushOutput();
    return { release: () => { releaseDirs(); cgroup?.remove(); }, argv0: launch.argv[0] };
  }, (outcome) => {
    deps.onEnd(job, outcome);
    resolveExit();
  });
  return run;
}

/**
 * The job's work folder (HOME in the sandbox) and, for a network group member, its generated hosts
 * file and the group's environment variables (hub-jobs-2x.md); the notices go to the log.
 */
function hostSetup(deps: ProcessDeps, job: JobRecord, sandboxed: boolean): { workDir: string; hostsFile?: string; groupEnv: Record<string, string> } {
  const jobDir = deps.jobDir(job.id);
  const workDir = join(jobDir, "work");
  mkdirSync(workDir, { recursive: true });
  const owner = sandboxed ? deps.sandbox.hostUser : null;
  if (owner) {
    chownSync(workDir, owner.uid, owner.gid);
    // bwrap (as `owner`) reaches the work folder and the group hosts file by path: the job folder is searchable, not listable.
    chmodSync(jobDir, 0o711);
  }
  const network = job.spec.network;
  if (network && sandboxed) {
    const hostsFile = join(jobDir, "hosts");
    // Root's, 0644 whatever the umask: readable by the host user running bwrap, writable by no job
    // (bound read-only, and rewritten in place by the Hub only).
    writeFileSync(hostsFile, "", { mode: 0o644 });
    chmodSync(hostsFile, 0o644);
    const member = deps.groups.join({
      jobId: job.id, namespace: job.namespace, resourceGroupId: job.spec.resourceGroupId, group: network.group, aliases: network.aliases, hostsFile,
    });
    deps.channels.appendLog(job.id, [
      `[local Hub] Network group "${network.group}": this job is ${member.address}; $HF_NETWORK_GROUP_HOSTNAME (${member.env.HF_NETWORK_GROUP_HOSTNAME}) resolves to every member${network.aliases.length ? `, ${network.aliases.map((a) => member.env.HF_NETWORK_GROUP_PREFIX + a).join(", ")} to this job` : ""} (generated /etc/hosts).`,
      ...(deps.sandbox.network ? [] : ["[local Hub] This local Hub runs jobs without network (--job-network none): group names resolve, but members cannot reach each other."]),
    ]);
    return { workDir, hostsFile, groupEnv: member.env };
  }
  if (network) {
    deps.channels.appendLog(job.id, [`[local Hub] Network group "${network.group}" is not set up without bubblewrap: the job runs on this machine's network with no group names.`]);
  }
  return { workDir, groupEnv: {} };
}

/** The job's environment: PATH/HOME, the spec's environment and secrets, then the Hub's own variables. */
function jobEnv(deps: ProcessDeps, job: JobRecord, launch: Launch, group: Record<string, string>): Record<string, string> {
  const r = flavorResources(job.spec.flavor);
  const sandboxed = launch.sandbox !== null;
  return {
    PATH: launch.sandbox ? [...launch.sandbox.pathPrefix, PYTHON_SHIM_MOUNT, "/usr/local/bin", "/usr/bin", "/bin"].join(":") : (process.env.PATH ?? "/usr/bin:/bin"),
    HOME: sandboxed ? SANDBOX_WORKDIR : join(deps.jobDir(job.id), "work"),
    // Without a TTY, Python buffers stdout; unbuffered output makes logs stream live.
    PYTHONUNBUFFERED: "1",
    ...job.spec.environment,
    ...deps.secrets(job.id),
    JOB_ID: job.id,
    ACCELERATOR: r?.accelerated ? job.spec.flavor : "",
    CPU_CORES: String(r?.cpu ?? 2),
    MEMORY: `${r?.ramGb ?? 16}Gi`,
    ...group,
  };
}

/** One tick of the limits watcher: a job over a limit is stopped with the message saying which. */
function watchLimits(run: Running): void {
  let over: string | null;
  try {
    over = overLimit(run);
  } catch (err) {
    // Whatever a job does to its folders (EMFILE, a vanished folder…), the Hub's timer must not throw.
    over = `The local Hub could not check this job's limits (${(err as Error).message}): stopped`;
  }
  if (over) {
    run.limitMessage = over;
    killJob(run, "limit");
  }
}

/**
 * Splits stdout and stderr into lines for the log. One decoder per stream: a UTF-8 character split
 * across two chunks must not turn into U+FFFD. @returns `flush`, giving the unterminated rest
 */
function pipeOutput(child: ChildProcess, onLines: (lines: string[]) => void): () => void {
  const pending = { out: "", err: "" };
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
    if (parts.length) onLines(parts.map((l) => l.replace(/\r$/, "")));
  };
  child.stdout?.on("data", onData("out"));
  child.stderr?.on("data", onData("err"));
  return () => {
    const rest = [pending.out, pending.err].filter((s) => s.length > 0);
    if (rest.length) onLines(rest);
  };
}

/**
 * Follows a job's process to its end: on exit the rest of its group is killed (the job ends with its
 * main process, as a container does); on close `cleanup` runs, then `done` gets the outcome.
 */
function followExit(
  run: Running, cleanup: () => { release: () => void; argv0: string }, done: (outcome: ProcessOutcome) => void,
): void {
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let spawnError: Error | null = null;
  run.child.once("error", (err) => {
    spawnError = err;
    // 'close' still follows an 'error' for a process that never started.
  });
  run.child.once("exit", (code, signal) => {
    exitInfo = { code, signal };
    killGroup(run.pgid, "SIGKILL");
  });
  run.child.once("close", () => {
    const { release, argv0 } = cleanup();
    const code = exitInfo?.code ?? 128 + signalNumber(exitInfo?.signal ?? null);
    // A job that failed after touching a limit failed because of it: say which (issue 9, item 3).
    if (!run.limitMessage && !run.reason && code !== 0) {
      try {
        run.limitMessage = overLimit(run, true);
      } catch {
        // the exit code says enough
      }
    }
    release();
    done(outcomeOf(run, code, spawnError, argv0));
  });
}

/** The stage of an ended process, from why the Hub stopped it (if it did) and its exit code. */
function outcomeOf(run: Running, code: number, spawnError: Error | null, argv0: string): ProcessOutcome {
  if (run.reason === "shutdown") return null;
  if (spawnError) return { stage: "ERROR", message: `Failed to start the command: ${spawnError.message}`, log: [`Failed to start ${argv0}: ${spawnError.message}`] };
  if (run.reason === "cancel") return { stage: "CANCELED", message: null };
  const timeout = run.job.spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (run.reason === "timeout") return { stage: "ERROR", message: `Job timed out after ${timeout} seconds (timeoutSeconds)` };
  if (run.limitMessage) return { stage: "ERROR", message: run.limitMessage, log: [`[local Hub] ${run.limitMessage}`] };
  if (code === 0) return { stage: "COMPLETED", message: null };
  return { stage: "ERROR", message: `Job failed with exit code: ${code}` };
}

/**
 * Sends `signal` to a job. In the sandbox only the processes under the bwrap leader are signalled:
 * bwrap then reaps its child and exits by itself, where killing bwrap first would leave the
 * sandbox's PID 1 as a zombie for the host's init. A plain process gets the signal on its group.
 */
function signalJob(run: Running, signal: NodeJS.Signals): void {
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

/** SIGTERM, then SIGKILL after the grace period (shutdown, limit: SIGKILL at once); the whole group goes last. */
export function killJob(run: Running, reason: StopReason): void {
  if (run.reason) return;
  run.reason = reason;
  const last = () => {
    signalJob(run, "SIGKILL");
    run.killTimer = setTimeout(() => killGroup(run.pgid, "SIGKILL"), 500);
  };
  // Over a limit (a fork bomb, a memory hog) there is nothing to wait for.
  if (reason === "shutdown" || reason === "limit") return last();
  signalJob(run, "SIGTERM");
  run.killTimer = setTimeout(last, KILL_GRACE_MS);
}
