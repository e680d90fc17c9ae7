import { execFile } from "node:child_process";
import { closeSync, openSync, readdirSync, readSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** A Python interpreter installed on this machine. */
export interface PythonInterpreter {
  /** real path of the binary (symlinks resolved) */
  executable: string;
  /** `[major, minor, micro]` */
  version: [number, number, number];
  /** `sys.base_prefix` (real path): the folder a sandbox must see for this interpreter to run */
  prefix: string;
  /** where it was found */
  source: "system" | "pyenv" | "uv" | "path";
}

/** The interpreter a job gets when nothing asks for another (the sandbox's `/usr/bin/python3`). */
export const DEFAULT_PYTHON = "/usr/bin/python3";

/** `"3.12.1"` */
export const versionString = (p: PythonInterpreter) => p.version.join(".");

function isElf(path: string): boolean {
  try {
    const fd = openSync(path, "r");
    try {
      const b = Buffer.alloc(4);
      return readSync(fd, b, 0, 4, 0) === 4 && b.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Candidate interpreter binaries, in order of preference for equal versions: the system's
 * (`/usr/bin`, `/usr/local/bin`), pyenv's (`$PYENV_ROOT/versions/*`, default `~/.pyenv`), uv-managed
 * ones (`$UV_PYTHON_INSTALL_DIR`, default `$XDG_DATA_HOME/uv/python` = `~/.local/share/uv/python`,
 * astral-sh/uv docs "Python versions"), then `python3.X` elsewhere on PATH. Only ELF binaries count:
 * pyenv's shims are shell scripts that a sandbox could not run.
 */
function candidates(env: Record<string, string | undefined>): { path: string; source: PythonInterpreter["source"] }[] {
  const out: { path: string; source: PythonInterpreter["source"] }[] = [];
  const minorBins = (dir: string) => listDir(dir).filter((n) => /^python3\.\d+$/.test(n)).map((n) => join(dir, n));
  for (const dir of ["/usr/bin", "/usr/local/bin"]) for (const p of minorBins(dir)) out.push({ path: p, source: "system" });
  const pyenv = env.PYENV_ROOT ?? join(homedir(), ".pyenv");
  for (const v of listDir(join(pyenv, "versions"))) out.push({ path: join(pyenv, "versions", v, "bin", "python3"), source: "pyenv" });
  const uvDir = env.UV_PYTHON_INSTALL_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "uv", "python");
  for (const v of listDir(uvDir)) out.push({ path: join(uvDir, v, "bin", "python3"), source: "uv" });
  for (const dir of (env.PATH ?? "").split(delimiter)) if (dir) for (const p of minorBins(dir)) out.push({ path: p, source: "path" });
  return out;
}

const PROBE = "import json, sys; print(json.dumps([list(sys.version_info[:3]), sys.base_prefix]))";

/**
 * Finds the Python 3 interpreters of this machine (see {@link candidates}), asking each one for its
 * version and prefix (one short process per binary, all at once: the Hub's event loop never waits).
 * Sorted newest first; one entry per real binary.
 */
export async function discoverInterpreters(env: Record<string, string | undefined> = process.env): Promise<PythonInterpreter[]> {
  const seen = new Set<string>();
  const probes: Promise<PythonInterpreter | null>[] = [];
  for (const c of candidates(env)) {
    let real: string;
    try {
      real = realpathSync(c.path);
    } catch {
      continue;
    }
    if (seen.has(real) || !isElf(real)) continue;
    seen.add(real);
    probes.push(new Promise((resolve) => {
      execFile(real, ["-I", "-c", PROBE], { encoding: "utf8", timeout: 5000 }, (err, stdout) => {
        if (err) return resolve(null);
        try {
          const [v, prefix] = JSON.parse(stdout) as [number[], string];
          if (v.length !== 3 || v[0] !== 3) return resolve(null);
          resolve({ executable: real, version: [v[0], v[1], v[2]], prefix: realpathSync(prefix), source: c.source });
        } catch {
          resolve(null); // not a Python that answers the probe
        }
      });
    }));
  }
  const found = (await Promise.all(probes)).filter((p): p is PythonInterpreter => p !== null);
  return found.sort((a, b) => b.version[0] - a.version[0] || b.version[1] - a.version[1] || b.version[2] - a.version[2]);
}

type Cmp = (v: number[]) => boolean;

function cmpVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * One PEP 440 clause (`>=3.11`, `==3.12.*`, `~=3.10`, `!=3.13`, `<4`) as a predicate over
 * `[major, minor, micro]`; null when it is not one (pre-releases and local versions are not supported).
 */
function clause(text: string): Cmp | null {
  const m = /^(===|==|!=|<=|>=|~=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(text.trim());
  if (!m) return null;
  const [, op, num, star] = m;
  const want = num.split(".").map(Number);
  if (star) {
    if (op !== "==" && op !== "!=") return null;
    const prefixEq = (v: number[]) => want.every((n, i) => v[i] === n);
    return op === "==" ? prefixEq : (v) => !prefixEq(v);
  }
  switch (op) {
    case "==": case "===": return (v) => cmpVersions(v, want) === 0;
    case "!=": return (v) => cmpVersions(v, want) !== 0;
    case "<=": return (v) => cmpVersions(v, want) <= 0;
    case ">=": return (v) => cmpVersions(v, want) >= 0;
    case "<": return (v) => cmpVersions(v, want) < 0;
    case ">": return (v) => cmpVersions(v, want) > 0;
    default: {
      // ~=X.Y[.Z]: >= X.Y[.Z] and the same release up to the last-but-one component
      if (want.length < 2) return null;
      const head = want.slice(0, -1);
      return (v) => cmpVersions(v, want) >= 0 && head.every((n, i) => v[i] === n);
    }
  }
}

/** A comma-separated PEP 440 specifier set as one predicate, or null when a clause is not understood. */
export function versionSpecifier(spec: string): Cmp | null {
  const parts = spec.split(",").map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const preds = parts.map(clause);
  if (preds.some((p) => p === null)) return null;
  return (v) => preds.every((p) => p !== null && p(v));
}

/**
 * A `--python` request as uv accepts it (astral-sh/uv docs "Python versions → Requesting a version"):
 * `3`, `3.12`, `3.12.1`, `python3.12`, `cpython3.12`, `cpython@3.12`, `cpython-3.12`, or a specifier
 * set (`>=3.11,<3.13`). A path or an implementation other than CPython cannot be honoured here.
 * @returns a predicate, or an error message
 */
export function pythonRequest(request: string): Cmp | { error: string } {
  const r = request.trim();
  const plain = /^(?:c?python)?[@-]?(\d+(?:\.\d+){0,2})$/.exec(r);
  if (plain) {
    const want = plain[1].split(".").map(Number);
    return (v) => want.every((n, i) => v[i] === n);
  }
  if (r.includes("/")) return { error: `--python ${request}: an interpreter path cannot be used by the local Hub (jobs see only the interpreters it lists)` };
  const spec = versionSpecifier(r);
  return spec ?? { error: `--python ${request}: not a Python version request the local Hub understands (e.g. 3.12, 3.12.1, >=3.11)` };
}

/**
 * Picks the interpreter for a job like uv does: the `--python` request if given (newest matching
 * version), else the default interpreter when it satisfies the script's `requires-python`, else the
 * newest interpreter that does. Both constraints apply together.
 * @returns the interpreter, or an error naming the versions this machine has
 */
export function selectInterpreter(p: {
  interpreters: PythonInterpreter[]; request: string | null; requiresPython: string | null; defaultExecutable: string;
}): PythonInterpreter | { error: string } {
  const preds: Cmp[] = [];
  const wanted: string[] = [];
  if (p.request !== null) {
    const r = pythonRequest(p.request);
    if (typeof r !== "function") return r;
    preds.push(r);
    wanted.push(`--python ${p.request}`);
  }
  if (p.requiresPython !== null) {
    const r = versionSpecifier(p.requiresPython);
    if (r === null) return { error: `requires-python = "${p.requiresPython}" in the script's header is not a version specifier the local Hub understands` };
    preds.push(r);
    wanted.push(`requires-python ${p.requiresPython}`);
  }
  const ok = p.interpreters.filter((i) => preds.every((f) => f(i.version)));
  let def: string;
  try {
    def = realpathSync(p.defaultExecutable);
  } catch {
    def = p.defaultExecutable;
  }
  const chosen = (p.request === null ? ok.find((i) => i.executable === def) : undefined) ?? ok[0];
  if (chosen) return chosen;
  const have = [...new Set(p.interpreters.map(versionString))].sort((a, b) => cmpVersions(a.split(".").map(Number), b.split(".").map(Number)));
  return {
    error: `No Python on this machine matches ${wanted.join(" and ")}; available versions: ${have.join(", ") || "none"}`,
  };
}

/**
 * The Python version an image's name promises: `python:3.12`, `python:3.12-slim`,
 * `ghcr.io/astral-sh/uv:python3.12-bookworm` → `"3.12"`; null when the name says none.
 */
export function imagePythonVersion(image: string | null): string | null {
  if (!image) return null;
  const m = /(?:^|\/)python:(3\.\d+)(?:[.-]|$)/.exec(image) ?? /:python(3\.\d+)(?:[.-]|$)/.exec(image);
  return m ? m[1] : null;
}
