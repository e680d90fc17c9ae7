/**
 * Metrics a job prints: a log line (or a `/data/metrics.jsonl` line) that is one JSON object with
 * numeric fields, e.g. `{"step": 10, "loss": 0.41, "eval": {"acc": 0.9}}`, becomes one point per
 * numeric field. Zero configuration: no prefix, no schema. Pure and client-safe (no I/O).
 *
 * Rules (tested in ./printed-metrics.test.ts):
 * - the trimmed line must be a whole JSON object (`{…}`); anything else is not a metric line;
 * - Python's `json.dumps` writes `NaN`, `Infinity`, `-Infinity` (not JSON): they are read as a gap
 *   (`null`), never as 0;
 * - nested objects are flattened with dots (`eval.acc`), up to {@link MAX_DEPTH} levels; arrays,
 *   strings, booleans and null are not metrics;
 * - the x of a point is the line's `step`, else `epoch`, else its time (seconds since the first
 *   metric line); the key used as x is not charted itself.
 */

/** Deepest nesting flattened (`a.b.c.d`). */
export const MAX_DEPTH = 4;
/** Most charted keys per job; later new keys are dropped (a line of 10 000 fields is not 10 000 charts). */
export const MAX_KEYS = 48;
/** Longest line tried as JSON, in characters (a multi-megabyte line is not a metric line). */
const MAX_LINE = 64 * 1024;

/** Numeric fields of one metric line: flattened key → number, or null for NaN/±Infinity. */
export type MetricFields = Record<string, number | null>;

/** What a bare NaN/±Infinity token becomes before JSON.parse: a string no printed number can be. */
const NON_FINITE = "\u0000non-finite";
const NON_FINITE_JSON = JSON.stringify(NON_FINITE);

/**
 * Replaces the bare tokens `NaN`, `Infinity`, `-Infinity` outside strings with {@link NON_FINITE},
 * so Python's default `json.dumps` output parses; strings (`"NaN"`) are left alone.
 */
function pythonJsonToJson(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  let out = "";
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      out += c;
      if (c === "\\") {
        out += text[k + 1] ?? "";
        k++;
      } else if (c === '"') inString = false;
      continue;
    }
    const token = text.startsWith("NaN", k) ? 3 : text.startsWith("-Infinity", k) ? 9 : text.startsWith("Infinity", k) ? 8 : 0;
    if (token > 0) {
      out += NON_FINITE_JSON;
      k += token - 1;
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}

function flatten(value: unknown, prefix: string, depth: number, out: MetricFields): void {
  if (value === NON_FINITE) out[prefix] = null;
  else if (typeof value === "number") out[prefix] = value;
  else if (typeof value === "object" && value !== null && !Array.isArray(value) && depth < MAX_DEPTH) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, depth + 1, out);
  }
}

/**
 * The numeric fields of one printed line, or null when it is not a metric line (not a JSON object,
 * or no numeric field at all). Never throws.
 */
export function parseMetricLine(line: string): MetricFields | null {
  const text = line.trim();
  if (text.length < 2 || text.length > MAX_LINE || text[0] !== "{" || text[text.length - 1] !== "}") return null;
  let value: unknown;
  try {
    value = JSON.parse(pythonJsonToJson(text));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const out: MetricFields = {};
  flatten(value, "", 0, out);
  return Object.values(out).some((v) => v !== null) ? out : null;
}

/** What the x axis of a chart is. */
export type MetricXKind = "step" | "epoch" | "time";

/** One chart's data: points in arrival order. */
export interface MetricSeries {
  key: string;
  xKind: MetricXKind;
  xs: number[];
  /** null is a gap (NaN/±Infinity printed) */
  ys: (number | null)[];
}

/**
 * Accumulates metric lines into one series per key (insertion order = first appearance), for live
 * charts: `add` is O(fields). Time x is seconds since the first metric line added.
 */
export class PrintedMetrics {
  private readonly byKey = new Map<string, MetricSeries>();
  private t0: number | null = null;
  /** metric lines seen */
  lines = 0;
  /** bumps on every change, for React memo keys */
  version = 0;

  /**
   * Adds one parsed line. `timeMs` is the line's time (epoch ms; NaN when unknown, then the x is the
   * count of metric lines so far, so points still spread).
   */
  add(fields: MetricFields, timeMs: number): void {
    const step = fields.step;
    const epoch = fields.epoch;
    let xKind: MetricXKind;
    let x: number;
    let xKey: string | null;
    if (typeof step === "number") {
      xKind = "step";
      x = step;
      xKey = "step";
    } else if (typeof epoch === "number") {
      xKind = "epoch";
      x = epoch;
      xKey = "epoch";
    } else {
      xKind = "time";
      if (Number.isFinite(timeMs)) {
        this.t0 ??= timeMs;
        x = (timeMs - this.t0) / 1000;
      } else x = this.lines;
      xKey = null;
    }
    this.lines++;
    for (const [key, y] of Object.entries(fields)) {
      if (key === xKey || key === "step") continue;
      let s = this.byKey.get(key);
      if (!s) {
        if (this.byKey.size >= MAX_KEYS) continue;
        s = { key, xKind, xs: [], ys: [] };
        this.byKey.set(key, s);
      }
      s.xs.push(x);
      s.ys.push(y);
    }
    this.version++;
  }

  /** Every series, in order of first appearance. */
  series(): MetricSeries[] {
    return [...this.byKey.values()];
  }
}
