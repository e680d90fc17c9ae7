import { chownSync, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Per-job cgroups (issue 9, item 3) on a cgroup v1 machine (the memory, pids and cpu controllers
 * mounted at `/sys/fs/cgroup/{memory,pids,cpu}`): one folder per job under the Hub's own cgroup of each controller.
 * The job's first process joins them before it execs bubblewrap (see `JOIN_CGROUPS_SCRIPT`), so nothing
 * the job forks escapes them. cgroup v2 (unified) hierarchies are not used: the Hub then falls back to
 * rlimits (README "Job limits").
 */

const V1_ROOT = "/sys/fs/cgroup";

/** The parent folders where the Hub may create job cgroups, or null per controller when it cannot. */
export interface CgroupParents {
  memory: string | null;
  pids: string | null;
  cpu: string | null;
}

/**
 * `cpu.shares` of a job's cgroup: the CFS weight of a nice-10 task (kernel/sched/core.c
 * `sched_prio_to_weight`, 1024 at nice 0), the share JOB_NICENESS asks for. The niceness alone does
 * not give it: with autogroups on (`kernel.sched_autogroup_enabled`, the default of most
 * distributions), a task's nice only counts inside its session's autogroup, every job starts in a
 * session of its own (and any job process may call setsid), and a new autogroup weighs as much as the
 * Hub's. A task in a cpu cgroup other than the root is outside autogroups, and no job process can
 * leave its cgroup.
 */
export const JOB_CPU_SHARES = 110;

function ownCgroupPath(controller: string): string | null {
  try {
    for (const line of readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const [, controllers, path] = line.split(":");
      if (controllers?.split(",").includes(controller)) return path ?? "/";
    }
  } catch {
    // no /proc
  }
  return null;
}

function writable(parent: string): boolean {
  const probe = join(parent, `local-hub-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Finds the memory, pids and cpu controllers this process may create child cgroups in (probes once). */
export function detectCgroupParents(): CgroupParents {
  const find = (controller: string, control: string) => {
    const own = ownCgroupPath(controller);
    if (own === null) return null;
    const dir = join(V1_ROOT, controller, own);
    if (!existsSync(join(dir, "cgroup.procs"))) return null;
    if (!writable(dir)) return null;
    // The control file appears in children only: check with a probe child it really does.
    const probe = join(dir, `local-hub-probe-${process.pid}`);
    try {
      mkdirSync(probe);
      const ok = existsSync(join(probe, control));
      rmdirSync(probe);
      return ok ? dir : null;
    } catch {
      return null;
    }
  };
  return { memory: find("memory", "memory.limit_in_bytes"), pids: find("pids", "pids.max"), cpu: find("cpu", "cpu.shares") };
}

function readCounter(file: string, key: string): number {
  try {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const [k, v] = line.trim().split(/\s+/);
      if (k === key) return Number(v) || 0;
    }
  } catch {
    // gone
  }
  return 0;
}

/** The cgroups of one job: limits set at creation, events read while it runs, removed at the end. */
export class JobCgroup {
  private constructor(readonly memory: string | null, readonly pids: string | null, readonly cpu: string | null) {}

  /**
   * Creates `local-hub-job-{jobId}` under each available parent and sets the limits.
   * @param owner the sandbox's host user: it gets `cgroup.procs` so its first process can join
   * @returns null when no controller is available
   */
  static create(parents: CgroupParents, jobId: string, limits: { memoryBytes: number; processes: number }, owner: { uid: number; gid: number } | null): JobCgroup | null {
    const make = (parent: string | null, set: (dir: string) => void): string | null => {
      if (!parent) return null;
      const dir = join(parent, `local-hub-job-${jobId}`);
      try {
        mkdirSync(dir, { recursive: true });
        set(dir);
        if (owner) {
          chownSync(join(dir, "cgroup.procs"), owner.uid, owner.gid);
          chownSync(join(dir, "tasks"), owner.uid, owner.gid);
        }
        return dir;
      } catch {
        try {
          rmdirSync(dir);
        } catch {
          // not created
        }
        return null;
      }
    };
    const memory = make(parents.memory, (dir) => {
      writeFileSync(join(dir, "memory.limit_in_bytes"), String(limits.memoryBytes));
      // With swap accounting, memory+swap gets the same cap: a hog cannot spill into swap.
      if (existsSync(join(dir, "memory.memsw.limit_in_bytes"))) {
        try {
          writeFileSync(join(dir, "memory.memsw.limit_in_bytes"), String(limits.memoryBytes));
        } catch {
          // swap accounting off
        }
      }
    });
    const pids = make(parents.pids, (dir) => writeFileSync(join(dir, "pids.max"), String(limits.processes)));
    const cpu = make(parents.cpu, (dir) => writeFileSync(join(dir, "cpu.shares"), String(JOB_CPU_SHARES)));
    return memory || pids || cpu ? new JobCgroup(memory, pids, cpu) : null;
  }

  /** Removes the (empty) cgroups a previous Hub process left for job `jobId`. */
  static removeStale(parents: CgroupParents, jobId: string): void {
    new JobCgroup(
      parents.memory ? join(parents.memory, `local-hub-job-${jobId}`) : null,
      parents.pids ? join(parents.pids, `local-hub-job-${jobId}`) : null,
      parents.cpu ? join(parents.cpu, `local-hub-job-${jobId}`) : null,
    ).remove();
  }

  /** `cgroup.procs` files the job's first process writes its pid into. */
  procsFiles(): string[] {
    return [this.memory, this.pids, this.cpu].filter((d): d is string => d !== null).map((d) => join(d, "cgroup.procs"));
  }

  /** Processes the memory cgroup killed for lack of memory (`oom_kill` of `memory.oom_control`). */
  oomKills(): number {
    return this.memory ? readCounter(join(this.memory, "memory.oom_control"), "oom_kill") : 0;
  }

  /** Forks refused because `pids.max` was reached (`max` of `pids.events`). */
  pidsMaxHits(): number {
    return this.pids ? readCounter(join(this.pids, "pids.events"), "max") : 0;
  }

  /** Host pids in the job's cgroups (every process of the job, whatever its parent or session). */
  members(): number[] {
    const dir = this.pids ?? this.memory ?? this.cpu;
    if (!dir) return [];
    try {
      return readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** Removes the cgroups; while the kernel still reaps the last task (EBUSY), retried for about a second. */
  remove(attempt = 0): void {
    let busy = false;
    for (const dir of [this.memory, this.pids, this.cpu]) {
      if (!dir) continue;
      try {
        rmdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") busy = true;
      }
    }
    if (busy && attempt < 20) setTimeout(() => this.remove(attempt + 1), 50).unref();
  }
}

/**
 * `sh -c` script run as the job's first process, before it execs bubblewrap (or the plain command):
 * `$1` = how many `cgroup.procs` files follow; it writes its own pid into each (so nothing the job
 * forks is outside its cgroups), then sets the rlimits `$1`…`$4` that follow: open files, file size
 * (512-byte blocks), address space (KiB) and processes, `-` for "leave as is" (dash's `ulimit` sets
 * soft and hard limits), then execs the rest. Exit 125 when any step fails, so no job runs outside its limits.
 */
export const JOIN_CGROUPS_SCRIPT = [
  'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done',
  'for opt in n f v p; do [ "$1" = - ] || ulimit -$opt "$1" || exit 125; shift; done',
  'exec "$@"',
].join("\n");
