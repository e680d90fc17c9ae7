/**
 * Does a PEP 440 `requires-python` specifier set admit a Python version? Client-safe.
 * Only what `requires-python` uses in practice: comma-joined clauses with `>=`, `>`, `<=`, `<`, `==`
 * (with `.*`), `!=` (with `.*`), `~=`, `===`. A chosen Python such as `3.12` stands for the 3.12 series:
 * it is admitted when some 3.12.x release could satisfy every clause, which is what `uv run --python
 * 3.12` would pick from.
 * @returns true / false, or null when the specifier cannot be read (the caller then says nothing)
 */
export function requiresPythonAdmits(specifier: string, python: string): boolean | null {
  const v = parseVersion(python);
  if (!v) return null;
  const clauses = specifier.split(",").map((c) => c.trim()).filter(Boolean);
  if (clauses.length === 0) return null;
  // Probe a few patch levels of the chosen series when only major.minor was given.
  const candidates = v.length >= 3 ? [v] : [0, 1, 5, 10, 20, 50, 99].map((p) => [v[0] ?? 0, v[1] ?? 0, p]);
  let readable = true;
  const admitted = candidates.some((cand) =>
    clauses.every((clause) => {
      const r = checkClause(clause, cand);
      if (r === null) readable = false;
      return r === true;
    }),
  );
  if (!readable) return null;
  return admitted;
}

function parseVersion(text: string): number[] | null {
  const m = /^(?:cpython-|python)?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  return [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).map(Number);
}

function cmp(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function checkClause(clause: string, v: number[]): boolean | null {
  const m = /^(===|==|!=|~=|>=|<=|>|<)\s*([0-9][0-9.]*(?:\.\*)?)$/.exec(clause);
  if (!m) return null;
  const [, op, raw] = m as unknown as [string, string, string];
  const wildcard = raw.endsWith(".*");
  const target = (wildcard ? raw.slice(0, -2) : raw).split(".").map(Number);
  if (target.some((n) => Number.isNaN(n))) return null;
  const prefixEq = () => target.every((t, i) => (v[i] ?? 0) === t);
  switch (op) {
    case "==":
    case "===":
      return wildcard ? prefixEq() : cmp(v, target) === 0;
    case "!=":
      return wildcard ? !prefixEq() : cmp(v, target) !== 0;
    case ">=":
      return cmp(v, target) >= 0;
    case ">":
      return cmp(v, target) > 0;
    case "<=":
      return cmp(v, target) <= 0;
    case "<":
      return cmp(v, target) < 0;
    case "~=": {
      if (target.length < 2) return null;
      const prefix = target.slice(0, -1);
      return cmp(v, target) >= 0 && prefix.every((t, i) => (v[i] ?? 0) === t);
    }
    default:
      return null;
  }
}
