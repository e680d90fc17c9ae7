/** Result of {@link rewriteUvRun}. */
export interface UvRewrite {
  /** the argv to run instead (`python3 …` or the target command) */
  argv: string[];
  /** one log line per uv option that is not honoured */
  notices: string[];
  /** set when the command cannot run without uv (e.g. a script URL: no download, no network) */
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

const PYTHON_RE = /^python(3(\.\d+)?)?$/;

function describe(opt: string, value: string | null, pythonVersion: string): string {
  if (opt === "--with" || opt === "-w") return `uv option "${opt} ${value}" not honoured: package not installed (no uv on this machine; only the host's python3 packages are available)`;
  if (opt === "--with-requirements") return `uv option "${opt} ${value}" not honoured: requirements not installed (no uv on this machine)`;
  if (opt === "--python" || opt === "-p") return `uv option "${opt} ${value}" not honoured: the host's python3 (${pythonVersion}) is used`;
  return `uv option "${value === null ? opt : `${opt} ${value}`}" not honoured (no uv on this machine)`;
}

/**
 * When `uv` is not installed, turns `uv run [options] target args…` into a command the host can run:
 * a `.py` target or `python`/`python3[.X]` → `python3 …`, `-m mod` → `python3 -m mod …`,
 * any other target → that command. Every option is listed in `notices` since none is honoured
 * (specs/hub-jobs-api.md §9.1 gives the argv shapes the clients build).
 * @returns null when `argv` is not a `uv run` command
 */
export function rewriteUvRun(argv: string[], pythonVersion: string): UvRewrite | null {
  if (argv.length < 2 || !/(^|\/)uv$/.test(argv[0]) || argv[1] !== "run") return null;
  const notices: string[] = [];
  let pyModule: string | null = null;
  let i = 2;
  while (i < argv.length) {
    const a = argv[i];
    if (a === "--") {
      i += 1;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "-m" || a === "--module") {
      pyModule = argv[i + 1] ?? null;
      i += 2;
      break;
    }
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      notices.push(describe(a.slice(0, eq), a.slice(eq + 1), pythonVersion));
      i += 1;
    } else if (VALUE_OPTIONS.has(a)) {
      notices.push(describe(a, argv[i + 1] ?? "", pythonVersion));
      i += 2;
    } else {
      notices.push(describe(a, null, pythonVersion));
      i += 1;
    }
  }
  const rest = argv.slice(i);
  if (pyModule !== null) return { argv: ["python3", "-m", pyModule, ...rest], notices, error: null };
  const [target, ...args] = rest;
  if (target === undefined) return { argv: [], notices, error: "uv run needs a script or command to run" };
  if (/^https?:\/\//.test(target)) {
    return {
      argv: [], notices,
      error: `uv run ${target}: the local Hub cannot download scripts (uv is not installed and jobs have no network); put the script in a bucket volume instead`,
    };
  }
  if (PYTHON_RE.test(target)) return { argv: ["python3", ...args], notices, error: null };
  if (/\.pyw?$/.test(target)) return { argv: ["python3", target, ...args], notices, error: null };
  return { argv: [target, ...args], notices, error: null };
}

/**
 * Reads the dependencies of a PEP 723 `# /// script` block (used only to tell the user which inline
 * dependencies are not installed). Returns [] when there is no block or it has no `dependencies`.
 */
export function pep723Dependencies(source: string): string[] {
  const block = /^# \/\/\/ script\s*$([\s\S]*?)^# \/\/\/\s*$/m.exec(source);
  if (!block) return [];
  const toml = block[1].split("\n").map((l) => l.replace(/^# ?/, "")).join("\n");
  const deps = /dependencies\s*=\s*\[([\s\S]*?)\]/.exec(toml);
  if (!deps) return [];
  return [...deps[1].matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]);
}
