import { closeSync, readSync, realpathSync } from "node:fs";
import type { HubContext } from "../context";
import { openFileBeneath, openRoot } from "../store/contained-path";
import type { JobRecord } from "../store/jobs";
import { flavorResources } from "./hardware-flavors";
import { pythonVersion, uvAvailable } from "./host-process";
import type { JobChannels } from "./job-logs";
import type { JobSandbox } from "./job-sandbox";
import { closeMounts, openJobVolumes, type OpenMount } from "./job-volumes";
import { interpreterBinds, PYTHON_ENV_MOUNT, type PythonEnvCache, requirementProblem } from "./python-env";
import { DEFAULT_PYTHON, discoverInterpreters, imagePythonVersion, selectInterpreter, versionString, type PythonInterpreter } from "./python-interpreters";
import { MAX_SCRIPT_BYTES, parseScriptMetadata, type ScriptMetadata } from "./script-metadata";
import { parseUvRun, type UvRunPlan } from "./uv-fallback";

/**
 * How a job is run: in bubblewrap (bucket folders, the Python environment and host paths as open
 * handles, bound with `--bind-fd`), or as a plain child process. `pathPrefix` goes before the sandbox's
 * PATH (the environment's bin); `extraRoBinds` are host paths the sandbox must see read-only at the same
 * path (an interpreter outside /usr), opened by the Hub so the unprivileged host user needs no access
 * to their parents (e.g. /root, 0700).
 */
export type Launch = { argv: string[]; sandbox: { mounts: OpenMount[]; extraRoBinds: string[]; pathPrefix: string[] } | null };

/** Closes the folders a prepared launch holds open (it will not be spawned). */
export function releaseLaunch(launch: Launch): void {
  closeMounts(launch.sandbox?.mounts ?? []);
}

/**
 * The step between RUNNING and a job's process: volumes, sandbox notices, and the `uv run` fallback
 * (a pip-built Python environment when uv is missing, issue 10).
 */
export class JobPreparer {
  /** found once, at the first job that needs to choose (python-interpreters.ts) */
  private interpreters: Promise<PythonInterpreter[]> | null = null;

  constructor(
    private readonly ctx: HubContext,
    private readonly sandbox: JobSandbox,
    private readonly envs: PythonEnvCache,
    private readonly channels: JobChannels,
  ) {}

  /**
   * Resolves volumes, sandbox, the Python environment and the command; writes the notices.
   * @throws Error with the user-facing reason (EnvBuildError: pip's lines are in the log already)
   */
  async prepare(job: JobRecord, signal: AbortSignal): Promise<Launch> {
    const { spec } = job;
    const log = (lines: string[]) => this.channels.appendLog(job.id, lines);
    const image = spec.dockerImage ? `The image "${spec.dockerImage}"` : `The Space "${spec.spaceId}"'s image`;
    const sandboxed = this.sandbox.bwrap !== null;
    const python = pythonVersion(sandboxed);
    log([`[local Hub] ${image} is not pulled: the command runs with this machine's toolchain (its default python3 is ${python}; a uv script may get another below).`]);
    const mounts = openJobVolumes(this.ctx, spec, { sandboxed, hostUser: this.sandbox.hostUser, createdBy: job.createdBy.name });
    const net = !sandboxed
      ? "this machine's network"
      : this.sandbox.network ? "this machine's network (outbound access, like HF Jobs)" : "no network (the local Hub runs with --job-network none)";
    log([
      sandboxed
        ? `[local Hub] Running in a bubblewrap sandbox with ${net}${mounts.length ? `; ${mounts.map((m) => `${m.mountPath} (${m.readOnly ? "read-only" : "read-write"})`).join(", ")} mounted from volumes` : ""}.`
        : "[local Hub] bubblewrap is not available: running as a plain process on this machine.",
    ]);
    const resources = flavorResources(spec.flavor);
    if (resources?.accelerated) log([`[local Hub] Flavor ${spec.flavor} has GPUs; this machine runs the job on CPU only.`]);
    log(this.exposeNotices(job, sandboxed));

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
      lines.push(this.sandbox.network || !sandboxed
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
    const log = (lines: string[]) => this.channels.appendLog(job.id, lines);
    const notes = plan.notices.map((n) => `[local Hub] ${n}`);
    let meta: ScriptMetadata | null = null;
    if (plan.target.kind === "script") {
      const read = scriptMetadata(plan.target.path, launch.sandbox?.mounts ?? []);
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
    log([`[local Hub] uv is not installed: running "${argv.join(" ")}" instead of "uv run"${requirements.length ? ", in a Python environment built with pip" : ""}.`, ...notes]);
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
        log([`[local Hub] Python ${imagePython} instead of the default python3, as in the image ${job.spec.dockerImage} (no --python given).`]);
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
    if (!launch.sandbox || !this.sandbox.bwrap) {
      throw new Error(`Installing Python dependencies (${requirements.join(", ") || `Python ${versionString(chosen)}`}) needs bubblewrap (bwrap) on the local Hub's machine: pip runs in the sandbox. Install it (apt-get install bubblewrap)`);
    }
    const env = await this.envs.ensure(chosen, requirements, {
      jobId: job.id, signal, sandbox: this.sandbox.buildSandbox(job), log,
    });
    // Opened now, bound from the fd: the host user running bwrap needs no access to the Hub's folder.
    const envDir = openRoot(env.hostDir);
    launch.sandbox.mounts.push({ hostPath: env.hostDir, mountPath: PYTHON_ENV_MOUNT, readOnly: true, dir: envDir });
    launch.sandbox.extraRoBinds.push(...interpreterBinds(chosen));
    launch.sandbox.pathPrefix.push(`${PYTHON_ENV_MOUNT}/bin`);
  }
}

/**
 * The PEP 723 header of a script in a bucket volume, read on the host through the volume's open folder
 * without following a link (store/contained-path.ts; first {@link MAX_SCRIPT_BYTES} bytes).
 * @returns the metadata (null: no header) or a sentence saying why it was not read
 * @throws Error when the header is invalid (uv refuses such a script too)
 */
function scriptMetadata(script: string, mounts: OpenMount[]): ScriptMetadata | null | string {
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

/** True for the sandbox's default interpreter (a job needs no environment for it). */
function isDefaultPython(p: PythonInterpreter): boolean {
  try {
    return p.executable === realpathSync(DEFAULT_PYTHON);
  } catch {
    return false;
  }
}
