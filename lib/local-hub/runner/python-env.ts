import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";
import { versionString, type PythonInterpreter } from "./python-interpreters";
import { SANDBOX_WORKDIR } from "./sandbox-args";

/** Root of what the local Hub itself puts in a sandbox (volumes may not be mounted there). */
export const LOCAL_HUB_SANDBOX_ROOT = "/opt/local-hub";
/** Where a job's Python environment is mounted (read-only at run time, read-write while pip builds it). */
export const PYTHON_ENV_MOUNT = `${LOCAL_HUB_SANDBOX_ROOT}/env`;
/** Folder with `python` and `python3` for jobs without an environment (see {@link ensurePythonShims}). */
export const PYTHON_SHIM_MOUNT = `${LOCAL_HUB_SANDBOX_ROOT}/bin`;

/** A folder or file the sandbox must see (read-only, at the same path) for `interpreter` to run. */
export function interpreterBinds(interpreter: PythonInterpreter): string[] {
  return interpreter.prefix === "/usr" || interpreter.prefix.startsWith("/usr/") ? [] : [interpreter.prefix];
}

/**
 * Refuses a requirement that pip would read as an option or as a path on the machine: the fallback
 * installs from the index pip is configured for, like `--with NAME` does in uv; a local path would
 * point into the sandbox that runs pip, not at the job's files.
 * @returns the reason, or null when the requirement may be passed to pip
 */
export function requirementProblem(req: string): string | null {
  if (req.trim() === "") return "an empty requirement";
  if (req.startsWith("-")) return `"${req}" looks like an option, not a requirement`;
  if (/[\0\n\r]/.test(req)) return `"${JSON.stringify(req)}" contains a control character`;
  if (/^[./~]/.test(req) || /@\s*file:/i.test(req) || /^file:/i.test(req)) return `"${req}" is a local path: the local Hub installs requirements from the package index only`;
  return null;
}

/** pip's configuration as a sandbox sees it (pip docs "Configuration": files, then `PIP_*` variables). */
export interface PipSandboxConfig {
  /** host paths bound read-only at the same path: config files and the local paths they name */
  roBinds: string[];
  /** user-level config files to copy into the build's `HOME` (`{from, to}` with `to` relative to HOME) */
  homeFiles: { from: string; to: string }[];
  /** `PIP_*`, `PIP_CONFIG_FILE`, `XDG_CONFIG_DIRS` from the local Hub's environment */
  env: Record<string, string>;
}

/** Config keys whose values may name local files or folders (pip docs, `pip install --help`). */
const PATH_KEYS = new Set(["find-links", "index-url", "extra-index-url", "constraint", "requirement", "cert", "client-cert", "build-constraint"]);

/** Values of the path-carrying keys of one pip.conf (INI; continuation lines hold more values). */
function iniPathValues(text: string): string[] {
  const out: string[] = [];
  let collecting = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(line) || line.trim() === "") continue;
    if (/^\s/.test(line)) {
      if (collecting) out.push(line.trim());
      continue;
    }
    collecting = false;
    const m = /^([A-Za-z0-9_-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m && PATH_KEYS.has(m[1].toLowerCase().replace(/_/g, "-"))) {
      collecting = true;
      out.push(m[2]);
    }
  }
  return out;
}

/** Local paths named by config values: absolute paths and `file:` URLs, split on whitespace. */
function localPaths(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values.flatMap((x) => x.split(/\s+/)).filter(Boolean)) {
    let p: string | null = null;
    if (v.startsWith("file:")) {
      try {
        p = fileURLToPath(v);
      } catch {
        p = null;
      }
    } else if (isAbsolute(v)) p = v;
    if (!p || !existsSync(p)) continue;
    p = p.replace(/\/+$/, "") || "/";
    // A file index (PEP 503 `…/simple`) links its files relative to itself, conventionally in a sibling
    // folder (`../../files/x.whl`): the repository root is what pip must read.
    out.push(v.startsWith("file:") && basename(p) === "simple" ? dirname(p) : p);
  }
  return out;
}

const readText = (p: string) => {
  try {
    return statSync(p).isFile() ? readFileSync(p, "utf8") : "";
  } catch {
    return "";
  }
};

/**
 * The files and variables pip reads on this machine, so that pip in the sandbox uses whatever index
 * the machine is set up for (pip docs "Configuration → Location"): global `$XDG_CONFIG_DIRS/pip/pip.conf`
 * (default `/etc/xdg`) and `/etc/pip.conf`; user `~/.pip/pip.conf` and `$XDG_CONFIG_HOME/pip/pip.conf`
 * (default `~/.config`); `PIP_CONFIG_FILE`; every `PIP_*` variable. Local folders and files they name
 * (`find-links`, `file:` index URLs, `constraint`, `cert`…) are bound read-only too. Nothing else of the
 * host becomes visible.
 */
export function pipSandboxConfig(env: Record<string, string | undefined> = process.env): PipSandboxConfig {
  const globalFiles = [
    ...(env.XDG_CONFIG_DIRS ?? "/etc/xdg").split(":").filter(Boolean).map((d) => join(d, "pip", "pip.conf")),
    "/etc/pip.conf",
  ].filter((p) => statSafe(p)?.isFile());
  const home = env.HOME ?? homedir();
  const userFiles = [
    { from: join(home, ".pip", "pip.conf"), to: ".pip/pip.conf" },
    { from: join(env.XDG_CONFIG_HOME ?? join(home, ".config"), "pip", "pip.conf"), to: ".config/pip/pip.conf" },
  ].filter((f) => statSafe(f.from)?.isFile());
  const pipEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith("PIP_") && v !== undefined) pipEnv[k] = v;
  if (env.XDG_CONFIG_DIRS) pipEnv.XDG_CONFIG_DIRS = env.XDG_CONFIG_DIRS;
  const configFile = env.PIP_CONFIG_FILE && statSafe(env.PIP_CONFIG_FILE)?.isFile() ? [env.PIP_CONFIG_FILE] : [];
  const values = [
    ...[...globalFiles, ...configFile, ...userFiles.map((f) => f.from)].flatMap((f) => iniPathValues(readText(f))),
    ...Object.entries(pipEnv).filter(([k]) => PATH_KEYS.has(k.slice(4).toLowerCase().replace(/_/g, "-"))).map(([, v]) => v),
  ];
  const roBinds = [...new Set([...globalFiles, ...configFile, ...localPaths(values)])]
    .filter((p) => !(p === "/usr" || p.startsWith("/usr/")));
  return { roBinds, homeFiles: userFiles, env: pipEnv };
}

function statSafe(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/**
 * pip's wheel as the interpreter ships it for `ensurepip` (`<stdlib>/ensurepip/_bundled/pip-*.whl`,
 * or Debian's `/usr/share/python-wheels` for a `/usr` Python). pip runs straight from that wheel
 * (pip docs "Installation": `python pip.whl/pip install …`), so an environment needs no copy of pip
 * installed into it, which is what makes `python -m venv --without-pip` + this ~4 s faster, and leaves
 * the job an environment without pip, like uv's.
 * @returns the wheel's path (visible in the sandbox with the interpreter), or null to install pip with ensurepip
 */
export function bundledPipWheel(interpreter: PythonInterpreter): string | null {
  const [maj, min] = interpreter.version;
  const dirs = [join(interpreter.prefix, "lib", `python${maj}.${min}`, "ensurepip", "_bundled")];
  if (interpreter.prefix === "/usr") dirs.push("/usr/share/python-wheels");
  for (const d of dirs) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    const wheel = names.filter((n) => /^pip-[\d.]+-py3-none-any\.whl$/.test(n)).sort().at(-1);
    if (wheel) return join(d, wheel);
  }
  return null;
}

/**
 * How the cache runs pip: the job service's sandbox, with every hardening of a job (generated `/etc`,
 * uid 1000 without capabilities, started as the unprivileged host user when the Hub is root, the job's
 * cgroup limits and rlimits, options through a pipe) and the Hub's network setting.
 */
export interface BuildSandbox {
  /**
   * Makes the build's folders (environment, HOME) writable by the host user that runs the sandbox;
   * called before {@link BuildSandbox.spawn}.
   */
  grant(dirs: string[]): void;
  /**
   * Starts `argv` in a sandbox with `home` as its work folder (HOME), `envDir` read-write at
   * {@link PYTHON_ENV_MOUNT}, the host paths `roBinds` read-only at the same path, and only `env`.
   * @returns the leader (its process group is killed to abort) and `release`, called once it closed
   * @throws Error when the sandbox cannot be started
   */
  spawn(p: { home: string; envDir: string; roBinds: string[]; env: Record<string, string>; argv: string[] }): { child: ChildProcess; release: () => void };
  /**
   * Gives a finished environment to the Hub's own user (links not followed): the sandbox's host user,
   * whom every job runs as, cannot change an environment other jobs use. Called before it is published.
   */
  seal(dir: string): void;
}

/** Where {@link PythonEnvCache.ensure} writes log lines and how it runs the build sandbox. */
export interface EnsureEnvOptions {
  /** the job asking (named in the log of other jobs waiting for the same build) */
  jobId: string;
  log: (lines: string[]) => void;
  /** aborts this job's wait; the build stops when no job waits for it any more */
  signal: AbortSignal;
  /** the sandbox pip runs in (network as the Hub's `--job-network`) */
  sandbox: BuildSandbox;
}

/** A ready environment: its host folder (mount it at {@link PYTHON_ENV_MOUNT}). */
export interface ReadyEnv {
  hostDir: string;
  key: string;
  reused: boolean;
}

type BuildResult = { ok: true } | { ok: false; message: string; tail: string[] };

interface Build {
  jobId: string;
  promise: Promise<BuildResult>;
  waiters: number;
  child: ChildProcess | null;
  lines: string[];
}

/** An error whose message is the job's status message (pip's own lines are in the log already). */
export class EnvBuildError extends Error {}

/**
 * Virtual environments for `uv run` without uv, one per (interpreter, sorted requirement set), under
 * `root` (the Hub's `{dir}/python-envs`). An environment is built once, in the job sandbox (pip may
 * run an sdist's `setup.py`: untrusted code) with only the environment folder writable, into a
 * temporary folder that is renamed into place when pip succeeds: a folder under its key is always
 * complete (leftovers of a killed build are dropped at the next start). Jobs asking for an
 * environment that is being built wait for that build (one build per key at a time); a failed build
 * is not kept. The build's folder is bound at the same sandbox path ({@link PYTHON_ENV_MOUNT}) when
 * built and when used, so the absolute paths venv writes stay right; the host never runs anything in it.
 */
export class PythonEnvCache {
  private readonly builds = new Map<string, Build>();
  private closed = false;

  constructor(private readonly root: string, private readonly pip: () => PipSandboxConfig = () => pipSandboxConfig()) {
    // Builds a previous process left half-done (killed mid-build): never published, safe to drop.
    for (const name of safeList(root)) {
      if (name.startsWith(".build-") || name.startsWith(".home-")) rmSync(join(root, name), { recursive: true, force: true });
    }
  }

  /** Cache key: first 20 hex of sha256 over the interpreter and the sorted, de-duplicated requirements. */
  static key(interpreter: PythonInterpreter, requirements: string[]): string {
    const reqs = [...new Set(requirements.map((r) => r.trim()))].sort();
    return createHash("sha256").update(JSON.stringify({ python: interpreter.executable, version: interpreter.version, reqs })).digest("hex").slice(0, 20);
  }

  /**
   * Returns the environment for `requirements` on `interpreter`, building it if needed (log lines:
   * the build header, pip's output, the outcome; or one "reused" line).
   * @throws EnvBuildError when pip fails (message holds pip's last error line) or the build is aborted
   */
  async ensure(interpreter: PythonInterpreter, requirements: string[], o: EnsureEnvOptions): Promise<ReadyEnv> {
    const reqs = [...new Set(requirements.map((r) => r.trim()))].sort();
    const key = PythonEnvCache.key(interpreter, reqs);
    const hostDir = join(this.root, key);
    const what = `Python ${versionString(interpreter)}${reqs.length ? ` with ${reqs.join(", ")}` : ""}`;
    if (isRealDir(hostDir)) {
      o.log([`[local Hub] Python environment ${key} (${what}) reused.`]);
      return { hostDir, key, reused: true };
    }
    let build = this.builds.get(key);
    if (build) {
      o.log([`[local Hub] Python environment ${key} (${what}) is being built by job ${build.jobId}; waiting for it.`]);
      build.waiters += 1;
    } else {
      o.log([`[local Hub] Building Python environment ${key} (${what}): python -m venv + pip install in the sandbox, with this machine's pip configuration.`]);
      build = this.startBuild(key, hostDir, interpreter, reqs, o);
    }
    const mine = build;
    const result = await new Promise<BuildResult | "aborted">((resolve) => {
      if (o.signal.aborted) return resolve("aborted");
      const onAbort = () => resolve("aborted");
      o.signal.addEventListener("abort", onAbort, { once: true });
      void mine.promise.then((r) => {
        o.signal.removeEventListener("abort", onAbort);
        resolve(r);
      });
    });
    mine.waiters -= 1;
    if (result === "aborted") {
      if (mine.waiters === 0 && mine.child?.pid) killTree(mine.child.pid);
      throw new EnvBuildError("aborted while the Python environment was being built");
    }
    if (!result.ok) {
      if (mine.jobId !== o.jobId) o.log(["[local Hub] pip's last lines from that build:", ...result.tail]);
      throw new EnvBuildError(result.message);
    }
    if (mine.jobId !== o.jobId) o.log([`[local Hub] Python environment ${key} (${what}) reused.`]);
    return { hostDir, key, reused: mine.jobId !== o.jobId };
  }

  private startBuild(key: string, hostDir: string, interpreter: PythonInterpreter, reqs: string[], o: EnsureEnvOptions): Build {
    const build: Build = { jobId: o.jobId, waiters: 1, child: null, lines: [], promise: Promise.resolve({ ok: true }) };
    build.promise = this.runBuild(build, hostDir, interpreter, reqs, o).finally(() => this.builds.delete(key));
    this.builds.set(key, build);
    return build;
  }

  private async runBuild(build: Build, hostDir: string, interpreter: PythonInterpreter, reqs: string[], o: EnsureEnvOptions): Promise<BuildResult> {
    if (this.closed) return { ok: false, message: "The local Hub is shutting down", tail: [] };
    mkdirSync(this.root, { recursive: true });
    const nonce = randomBytes(6).toString("hex");
    const tmp = join(this.root, `.build-${nonce}`);
    const home = join(this.root, `.home-${nonce}`);
    mkdirSync(tmp);
    mkdirSync(home);
    const started = Date.now();
    try {
      const pip = this.pip();
      for (const f of pip.homeFiles) {
        mkdirSync(dirname(join(home, f.to)), { recursive: true });
        copyFileSync(f.from, join(home, f.to));
      }
      const wheel = bundledPipWheel(interpreter);
      const envPy = `${PYTHON_ENV_MOUNT}/bin/python`;
      // Requirements travel as "$@" after `--`: no shell string is built from them.
      const script = reqs.length === 0
        ? `exec "$LH_PYTHON" -m venv --without-pip ${PYTHON_ENV_MOUNT}`
        : wheel
          ? `"$LH_PYTHON" -m venv --without-pip ${PYTHON_ENV_MOUNT} && exec ${envPy} "$LH_PIP_WHEEL/pip" install --no-cache-dir --progress-bar off --no-input -- "$@"`
          : `"$LH_PYTHON" -m venv ${PYTHON_ENV_MOUNT} && exec ${envPy} -m pip install --no-cache-dir --progress-bar off --no-input -- "$@"`;
      o.sandbox.grant([tmp, home]);
      const run = {
        home,
        envDir: tmp,
        roBinds: [...interpreterBinds(interpreter), ...pip.roBinds],
        env: {
          ...pip.env,
          PATH: `${PYTHON_ENV_MOUNT}/bin:/usr/local/bin:/usr/bin:/bin`,
          HOME: SANDBOX_WORKDIR,
          LANG: "C.UTF-8",
          PIP_DISABLE_PIP_VERSION_CHECK: "1",
          LH_PYTHON: interpreter.executable,
          ...(wheel ? { LH_PIP_WHEEL: wheel } : {}),
        },
        argv: ["/bin/sh", "-c", script, "sh", ...reqs],
      };
      const code = await this.spawnBuild(build, () => o.sandbox.spawn(run), o.log);
      if (code !== 0) {
        const errLine = [...build.lines].reverse().find((l) => /^ERROR:/.test(l)) ?? build.lines.at(-1) ?? `exit code ${code}`;
        const message = build.waiters === 0 || this.closed
          ? "aborted while the Python environment was being built"
          : `Installing the Python dependencies failed: ${errLine}`;
        o.log([`[local Hub] pip install failed (exit code ${code}); the environment is not kept.`]);
        return { ok: false, message, tail: build.lines.slice(-30) };
      }
      o.sandbox.seal(tmp);
      try {
        renameSync(tmp, hostDir);
      } catch {
        // another local Hub on the same data dir published this key first: use its environment
        if (!isRealDir(hostDir)) throw new Error(`cannot publish the Python environment at ${hostDir}`);
      }
      o.log([`[local Hub] Python environment built in ${((Date.now() - started) / 1000).toFixed(1)} s.`]);
      return { ok: true };
    } catch (err) {
      return { ok: false, message: `Building the Python environment failed: ${(err as Error).message}`, tail: [] };
    } finally {
      // rmSync never follows symlinks the build may have left (it unlinks them).
      rmSync(tmp, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }

  private spawnBuild(build: Build, start: () => ReturnType<BuildSandbox["spawn"]>, log: (lines: string[]) => void): Promise<number> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      let release: () => void;
      try {
        ({ child, release } = start());
      } catch (e) {
        build.lines.push(`Failed to start the build sandbox: ${(e as Error).message}`);
        log([build.lines[build.lines.length - 1]]);
        return resolve(1);
      }
      build.child = child;
      const onData = () => {
        const dec = new StringDecoder("utf8");
        let pending = "";
        return {
          data: (chunk: Buffer) => {
            const parts = (pending + dec.write(chunk)).split("\n");
            pending = parts.pop() ?? "";
            const lines = parts.map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");
            if (lines.length) {
              build.lines.push(...lines);
              if (build.lines.length > 200) build.lines.splice(0, build.lines.length - 200);
              log(lines);
            }
          },
          end: () => {
            if (pending.trim()) {
              build.lines.push(pending);
              log([pending]);
            }
          },
        };
      };
      const out = onData();
      const err = onData();
      child.stdout?.on("data", out.data);
      child.stderr?.on("data", err.data);
      child.once("error", (e: Error) => {
        build.lines.push(`Failed to start bwrap: ${e.message}`);
      });
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
        out.end();
        err.end();
        build.child = null;
        release();
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  }

  /** Kills running builds (the Hub is closing). */
  close(): void {
    this.closed = true;
    for (const b of this.builds.values()) if (b.child?.pid) killTree(b.child.pid);
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isRealDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** SIGKILL to the build's process group (bwrap leads it; `--die-with-parent` and PID 1 take the rest). */
function killTree(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}
