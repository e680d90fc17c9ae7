/** What a `uv run` command asks for, as the local Hub's pip fallback understands it. */
export interface UvRunPlan {
  /** `--with` requirements in the order given (comma lists split as uv splits them) */
  with: string[];
  /** the `--python`/`-p` request, verbatim (last one wins, as in uv) */
  python: string | null;
  /**
   * what to run: a script file (`path` as given, inside the sandbox; `explicit` when `--script` said so),
   * `python` itself, a module (`-m`), or any other command (looked up on PATH, the env's bin first)
   */
  target:
    | { kind: "script"; path: string }
    | { kind: "python" }
    | { kind: "module"; name: string }
    | { kind: "command"; name: string };
  /** arguments after the target */
  args: string[];
  /** one log line per option that is accepted but has no effect here */
  notices: string[];
  /** set when the command cannot run without uv */
  error: string | null;
}

/** `uv run` options that take a value (uv 0.9 `uv run --help`). */
const VALUE_OPTIONS = new Set([
  "--with", "-w", "--with-editable", "--with-requirements", "--python", "-p", "--index", "--default-index",
  "--index-url", "-i", "--extra-index-url", "--find-links", "-f", "--env-file", "--project", "--directory",
  "--group", "--extra", "--package", "--only-group", "--no-group", "--index-strategy", "--keyring-provider",
  "--resolution", "--prerelease", "--exclude-newer", "--upgrade-package", "-P", "--reinstall-package",
  "--config-setting", "-C", "--link-mode", "--cache-dir", "--config-file", "--color", "--python-platform",
]);

/** Flags that change nothing for a script run in a fresh environment (there is no project here). */
const NO_EFFECT_FLAGS = new Set([
  "--no-project", "--isolated", "--script", "-s", "--quiet", "-q", "--verbose", "-v", "--no-progress",
  "--no-config", "--no-sync", "--exact", "--native-tls", "--no-python-downloads", "--python-preference",
]);

const PYTHON_RE = /^python(3(\.\d+)?)?$/;

/**
 * Splits one `--with` value like uv does (`--with a,b` is two packages): on commas outside brackets,
 * except that a piece starting with a version operator continues the previous requirement
 * (`"x>=1,<2"` stays one).
 */
export function splitWithValue(value: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of value) {
    if (ch === "[" || ch === "(") depth += 1;
    if (ch === "]" || ch === ")") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      pieces.push(cur);
      cur = "";
    } else cur += ch;
  }
  pieces.push(cur);
  const out: string[] = [];
  for (const raw of pieces) {
    const p = raw.trim();
    if (p === "") continue;
    if (/^[<>=!~]/.test(p) && out.length) out[out.length - 1] += `,${p}`;
    else out.push(p);
  }
  return out;
}

function notice(opt: string, value: string | null): string {
  const shown = value === null ? opt : `${opt} ${value}`;
  if (opt === "--with-requirements" || opt === "--with-editable") return `uv option "${shown}" not honoured: only --with and the script's inline dependencies are installed (no uv on this machine)`;
  if (/index|find-links|^-i$|^-f$/.test(opt)) return `uv option "${shown}" not honoured: pip installs from this machine's pip configuration (no uv on this machine)`;
  return `uv option "${shown}" not honoured (no uv on this machine)`;
}

/**
 * Reads `uv run [options] target args…` (the argv shapes of specs/hub-jobs-api.md §9.1) for the
 * local Hub's fallback when `uv` is not installed: `--with`/`-w` and `--python`/`-p` are honoured by
 * the runner (python-env.ts); flags without effect here are accepted silently; every other option
 * gets a notice, so nothing is ignored without a word. A `.py`/`.pyw` target (or any target after
 * `--script`) is a script whose PEP 723 header the runner reads.
 * @returns null when `argv` is not a `uv run` command
 */
export function parseUvRun(argv: string[]): UvRunPlan | null {
  if (argv.length < 2 || !/(^|\/)uv$/.test(argv[0]) || argv[1] !== "run") return null;
  const plan: UvRunPlan = { with: [], python: null, target: { kind: "python" }, args: [], notices: [], error: null };
  let explicitScript = false;
  let i = 2;
  const take = (opt: string, value: string | undefined) => {
    if (value === undefined) {
      plan.error = `uv run: option ${opt} needs a value`;
      return;
    }
    if (opt === "--with" || opt === "-w") plan.with.push(...splitWithValue(value));
    else if (opt === "--python" || opt === "-p") plan.python = value;
    else plan.notices.push(notice(opt, value));
  };
  while (i < argv.length) {
    const a = argv[i];
    if (a === "--") {
      i += 1;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "-m" || a === "--module") {
      const name = argv[i + 1];
      if (name === undefined) return { ...plan, error: "uv run -m needs a module name" };
      return { ...plan, target: { kind: "module", name }, args: argv.slice(i + 2) };
    }
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      take(a.slice(0, eq), a.slice(eq + 1));
      i += 1;
    } else if (VALUE_OPTIONS.has(a)) {
      take(a, argv[i + 1]);
      i += 2;
    } else {
      if (a === "--script" || a === "-s") explicitScript = true;
      if (!NO_EFFECT_FLAGS.has(a)) plan.notices.push(notice(a, null));
      i += 1;
    }
    if (plan.error) return plan;
  }
  const [target, ...args] = argv.slice(i);
  plan.args = args;
  if (target === undefined) return { ...plan, error: "uv run needs a script or command to run" };
  if (/^https?:\/\//.test(target)) {
    return {
      ...plan,
      error: `uv run ${target}: the local Hub cannot run a script from a URL (uv is not installed on this machine); put the script in a bucket volume instead (hf jobs uv run does so for a local file)`,
    };
  }
  if (PYTHON_RE.test(target) && !explicitScript) plan.target = { kind: "python" };
  else if (explicitScript || /\.pyw?$/.test(target)) plan.target = { kind: "script", path: target };
  else plan.target = { kind: "command", name: target };
  return plan;
}
