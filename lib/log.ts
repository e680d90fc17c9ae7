import "server-only";
import { MASK, maskSecrets } from "@/lib/jobs/secret-lint";

/** Log levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Where formatted lines go (a test passes an array's `push`). */
export type LogSink = (level: LogLevel, line: string) => void;

/** A structured server logger: one JSON line per event, redacted before it is written. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /**
   * A logger that also masks these exact values (e.g. the secret values of the job being launched).
   * Use it for the duration of the request: `const l = log.withSecrets(Object.values(input.secrets))`.
   */
  withSecrets(values: readonly string[]): Logger;
}

/** Field names whose values are always replaced, whatever they look like. */
const SECRET_KEY_RE = /(token|secret|password|passwd|authorization|cookie|api_?key|credential|private_?key|^secrets$)/i;
const MAX_DEPTH = 6;

/**
 * The redaction step: walks `value` and returns a JSON-safe copy where
 * - a field whose name looks secret (`accessToken`, `hfToken`, `secrets`, `authorization`, `cookie`…)
 *   becomes `"••••••••"` (objects included, so `secrets: {A: "x"}` is masked whole);
 * - every string has token-shaped substrings (`hf_…`, `sk-…`, AWS keys) and the known `secretValues`
 *   masked (lib/jobs/secret-lint.ts `maskSecrets`);
 * - an Error becomes `{name, message, stack, cause}` (each redacted), a bigint a string, and anything
 *   nested deeper than 6 levels `"[depth]"`; cycles become `"[cycle]"`.
 */
export function redact(value: unknown, secretValues: readonly string[] = [], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return maskSecrets(value, secretValues);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  if (seen.has(value)) return "[cycle]";
  if (depth >= MAX_DEPTH) return "[depth]";
  seen.add(value);
  if (value instanceof Error) {
    const cause = (value as Error & { cause?: unknown }).cause;
    return {
      name: value.name,
      message: redact(value.message, secretValues, depth + 1, seen),
      stack: redact(value.stack ?? "", secretValues, depth + 1, seen),
      ...(cause !== undefined ? { cause: redact(cause, secretValues, depth + 1, seen) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secretValues, depth + 1, seen));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY_RE.test(k) && v !== null && v !== undefined && v !== false && v !== "" ? MASK : redact(v, secretValues, depth + 1, seen);
  }
  return out;
}

const defaultSink: LogSink = (level, line) => {
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
};

/**
 * Builds a logger. Lines look like `{"time":"2026-11-29T16:00:00.000Z","level":"info","event":"job.launched","namespace":"alice","jobId":"…"}`.
 * @param options.secrets exact values to mask in every line (besides token shapes and secret-named fields)
 * @param options.sink where lines go (default: stdout, stderr for warn/error)
 */
export function createLogger(options: { secrets?: readonly string[]; sink?: LogSink; minLevel?: LogLevel } = {}): Logger {
  const secrets = options.secrets ?? [];
  const sink = options.sink ?? defaultSink;
  const order: LogLevel[] = ["debug", "info", "warn", "error"];
  const min = order.indexOf(options.minLevel ?? "info");
  const write = (level: LogLevel) => (event: string, fields: Record<string, unknown> = {}) => {
    if (order.indexOf(level) < min) return;
    const body = redact(fields, secrets) as Record<string, unknown>;
    sink(level, JSON.stringify({ time: new Date().toISOString(), level, event: maskSecrets(event, secrets), ...body }));
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    withSecrets: (values) => createLogger({ ...options, secrets: [...secrets, ...values] }),
  };
}

/** The app's server logger. Never log with `console.*` in app code: it skips the redaction step. */
export const log: Logger = createLogger();
