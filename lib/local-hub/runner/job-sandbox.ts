import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, closeSync, constants, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HubContext } from "../context";
import { sandboxHostUser } from "../sandbox-user";
import { closeDir, type DirHandle, openRoot } from "../store/contained-path";
import type { JobRecord } from "../store/jobs";
import { asProcessEnv, detectBwrap } from "./host-process";
import { detectCgroupParents, JobCgroup, JOIN_CGROUPS_SCRIPT, type CgroupParents } from "./job-cgroup";
import { jobLimitsFor, type JobLimits } from "./job-limits";
import type { OpenMount } from "./job-volumes";
import { PYTHON_ENV_MOUNT, type BuildSandbox } from "./python-env";
import { DEFAULT_PYTHON } from "./python-interpreters";
import { buildBwrapArgs, ETC_ALLOWLIST, GENERATED_ETC, sandboxEtcFiles } from "./sandbox-args";
import { hardLimit, mirrorFolder, opensStateToSandboxUser, reachableBy, sealTree, userNamespacesWork } from "./sandbox-host";

/**
 * The niceness every job process runs at (and the Python environment builds before it): jobs share
 * this machine with the local Hub and the app, so under contention the scheduler gives a job about a
 * tenth of a core's share (CFS weight 110 against 1024 at nice 0) while the Hub and the app answer;
 * an idle machine still gives the job all of its CPU. Hub Jobs run on their own hardware, so a user
 * never sees this on huggingface.co. With autogroups on, the niceness alone does not do it (a job's
 * session is its own autogroup): the job's cpu cgroup carries the same weight (job-cgroup.ts `JOB_CPU_SHARES`).
 */
export const JOB_NICENESS = 10;

/** coreutils' `nice`, found once at start; a machine without it runs jobs at the Hub's own priority. */
const NICE_BINARY = ["/usr/bin/nice", "/bin/nice"].find((p) => existsSync(p)) ?? null;

/** A prepared bwrap run (see {@link JobSandbox.command}). */
export interface SandboxCommand {
  /** bwrap `--args N` and the job's argv */
  command: string[];
  /** fds bwrap inherits as 3, 4, … (the options pipe comes after them) */
  inherited: number[];
  /** NUL-separated options for the pipe */
  options: Buffer;
  /** closes the fds opened for this run */
  release: () => void;
}

/** What {@link JobSandbox.command} puts in one bwrap run. */
export interface SandboxRunParams {
  workDir: string;
  work: DirHandle | null;
  mounts: OpenMount[];
  /** host paths the sandbox sees read-only at the same path (chosen by the Hub, never by a job) */
  extraRoBinds: string[];
  /** a network group member's generated hosts file */
  hostsFile?: string;
  env: Record<string, string>;
  argv: string[];
  limits: JobLimits;
}

/**
 * The host side of job sandboxes of one local Hub (issue 9): the bwrap binary (null: jobs run as plain
 * processes), the unprivileged host user that runs it, the cgroup parents, the generated `/etc` files,
 * the network mode; it builds bwrap command lines, the limits wrapper and pip's build sandbox.
 */
export class JobSandbox {
  readonly bwrap: string | null;
  /** the unprivileged host user bwrap runs as (Hub running as root), else null */
  readonly hostUser: { uid: number; gid: number } | null;
  readonly cgroups: CgroupParents;
  /** jobs share this machine's network (`jobNetwork: "host"`), else each has an empty one */
  readonly network: boolean;
  /** host folder with the generated /etc files of every sandbox */
  private readonly etcDir: string;

  constructor(private readonly ctx: HubContext) {
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
  command(p: SandboxRunParams): SandboxCommand {
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
      const extra = this.extraReadOnly(p.extraRoBinds, opened, pass);
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
   * Opens the extra read-only paths of a run: paths the Hub chose (interpreter prefix, pip's
   * configuration and indexes), never a job's. Those of the /etc allowlist are bound already.
   * @throws Error naming a path that cannot be opened for the sandbox's user
   */
  private extraReadOnly(paths: string[], opened: number[], pass: (fd: number) => number) {
    return [...new Set(paths)]
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
  }

  /**
   * Spawns a prepared bwrap run (detached: its own process group), as the host user when there is
   * one, with `argv` = the limits wrapper and `cmd.command`; writes bwrap's options to its pipe.
   * bwrap itself carries only JOB_ID (so a restarted Hub can recognise and kill a leftover sandbox) and PATH.
   */
  spawn(jobId: string, argv: string[], cmd: SandboxCommand): ChildProcess {
    const owner = this.hostUser;
    const child = spawn(argv[0], argv.slice(1), {
      detached: true, stdio: ["ignore", "pipe", "pipe", ...cmd.inherited, "pipe"],
      env: asProcessEnv({ JOB_ID: jobId, PATH: process.env.PATH ?? "/usr/bin:/bin" }),
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    writeSandboxOptions(child, cmd);
    return child;
  }

  /**
   * The sandbox pip builds a job's Python environment in (python-env.ts): {@link command} with
   * the job's flavor limits (cgroup, rlimits, tmpfs sizes), as the unprivileged host user, the build
   * folder read-write at the environment's mount and the build's HOME as work folder.
   */
  buildSandbox(job: JobRecord): BuildSandbox {
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
        const cgroup = JobCgroup.create(this.cgroups, `${job.id}-env`, limits, owner);
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
          cmd = this.command({
            workDir: p.home, work: home, mounts: [{ hostPath: p.envDir, mountPath: PYTHON_ENV_MOUNT, readOnly: false, dir: envDir }],
            extraRoBinds: p.roBinds, env: p.env, argv: p.argv, limits,
          });
          const child = this.spawn(job.id, [...this.limitWrapper(limits, cgroup), ...cmd.command], cmd);
          return { child, release };
        } catch (err) {
          release();
          throw err;
        }
      },
    };
  }

  /**
   * The argv prefix that puts a job under its limits before it starts: `nice -n` {@link JOB_NICENESS}
   * (when the machine has `nice`), then one `sh` that joins the job's cgroups (so nothing it forks is
   * outside them) and sets the per-process rlimits (open files, file size; address space and process
   * count when there is no cgroup for them), then execs the command. Never above the Hub's own hard
   * limits: raising them is not allowed (and not wanted). Every process of the job inherits the
   * niceness, and without CAP_SYS_NICE (the sandbox drops every capability) none can lower it again.
   */
  limitWrapper(limits: JobLimits, cgroup: JobCgroup | null): string[] {
    const procs = cgroup?.procsFiles() ?? [];
    const cap = (name: string, v: number) => String(Math.floor(Math.min(v, hardLimit(name))));
    const rlimits = [
      cap("Max open files", limits.openFiles),
      String(Math.floor(Math.min(limits.diskBytes, hardLimit("Max file size")) / 512)),
      cgroup?.memory ? "-" : String(Math.floor(Math.min(limits.memoryBytes, hardLimit("Max address space")) / 1024)),
      // RLIMIT_NPROC counts every process of the host user: only worth it when that user is the sandbox's own.
      !cgroup?.pids && this.hostUser ? cap("Max processes", limits.processes) : "-",
    ];
    const nice = NICE_BINARY ? [NICE_BINARY, "-n", String(JOB_NICENESS)] : [];
    return [...nice, "/bin/sh", "-c", JOIN_CGROUPS_SCRIPT, "sh", String(procs.length), ...procs, ...rlimits];
  }

  /**
   * Host folder with `python` and `python3` → `/usr/bin/python3`, mounted at PYTHON_SHIM_MOUNT
   * on every job's PATH: Debian has no `python`, and `hf jobs run python:3.12 python -c …` is the
   * canonical first job. Written by the Hub only (symlinks to sandbox paths; the host never follows them).
   */
  pythonShims(): DirHandle {
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
}

/** Writes bwrap's options to the pipe after the inherited fds (spawned with one more `"pipe"`). */
function writeSandboxOptions(child: ChildProcess, cmd: SandboxCommand): void {
  const argsPipe = child.stdio[3 + cmd.inherited.length];
  if (argsPipe && "end" in argsPipe) {
    argsPipe.on("error", () => {}); // bwrap gone before reading: its exit says why
    (argsPipe as NodeJS.WritableStream).end(cmd.options);
  }
}
