import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Next's typings make `NODE_ENV` mandatory in ProcessEnv; a job's environment must not get it. */
export function asProcessEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return env as NodeJS.ProcessEnv;
}

/** Sends `signal` to a whole process group; a gone group (or pgid ≤ 0) is no error. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  if (pgid <= 0) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
/** Linux number of a signal (0 for none or an unlisted one): exit code 128 + n, as a shell reports it. */
export function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (SIGNALS[signal] ?? 0) : 0;
}

/** True when /proc/<pid>/environ holds `JOB_ID=<id>`: only then is a stored pid still this job's. */
export function processHasJobId(pid: number, id: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`JOB_ID=${id}`);
  } catch {
    return false;
  }
}

/** The path of `name` on a `:`-separated PATH (a name with a `/` is checked as it is), or null. */
export function findOnPath(name: string, path: string): string | null {
  if (name.includes("/")) return existsSync(name) ? name : null;
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The bwrap binary when it exists and answers `--version`; "off" or "" disables the sandbox. */
export function detectBwrap(setting: string): string | null {
  if (setting === "off" || setting === "") return null;
  const path = findOnPath(setting, process.env.PATH ?? "");
  if (!path) return null;
  const r = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 5000 });
  return r.status === 0 ? path : null;
}

const pythonVersions = new Map<boolean, string>();
/** `python3 --version` as a job sees it (the sandbox's /usr/bin/python3, or PATH's), cached; "not found" if none. */
export function pythonVersion(sandboxed: boolean): string {
  let v = pythonVersions.get(sandboxed);
  if (v === undefined) {
    const bin = sandboxed ? "/usr/bin/python3" : (findOnPath("python3", process.env.PATH ?? "") ?? "python3");
    const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 5000 });
    v = r.status === 0 ? (r.stdout || r.stderr).trim() : "not found";
    pythonVersions.set(sandboxed, v);
  }
  return v;
}

/** Whether a job finds `uv` (on the sandbox's PATH, or the Hub's for a plain process). */
export function uvAvailable(sandboxed: boolean): boolean {
  return findOnPath("uv", sandboxed ? "/usr/local/bin:/usr/bin:/bin" : (process.env.PATH ?? "")) !== null;
}
