import { parsePep723 } from "./pep723";
import { parseVolumeSpec } from "./hf-volume-spec";
import type { WireVolume } from "./wire-job-spec";

// The merge has no TOML in it: the composer applies it on every drop without loading the parser
// (./hf-jobs-merge.ts, issue 15 item 5). Re-exported so callers keep one module for both steps.
export { mergeHfJobsHeader, type HfJobsMerged, type HfJobsUserChoices, type MergeHfJobsHeaderResult } from "./hf-jobs-merge";

/**
 * A uv script's own launch defaults, the `[tool.hf-jobs]` table of its PEP 723 block, read and merged
 * with the user's choices exactly as `hf jobs uv run` 2.x does. Client-safe, pure.
 *
 * Source: huggingface_hub 2.0.0 `cli/_uv_script_header.py` (`UvScriptHeader`, `parse_uv_script_header`,
 * the `_as_*` type checks) and `cli/jobs.py` `_resolve_uv_job_config`, `_merge_volume_specs`,
 * `_resolve_script_secrets`; specs/hub-jobs-2x.md "[tool.hf-jobs]".
 */
export interface HfJobsHeader {
  image?: string;
  flavor?: string;
  python?: string;
  /** as written: `"2h"`, or a number of seconds as a string (`7200` → `"7200"`), like the CLI */
  timeout?: string;
  name?: string;
  namespace?: string;
  networkGroup?: string;
  env: Record<string, string>;
  /** names only: values always come from whoever launches */
  secrets: string[];
  labels: Record<string, string>;
  /** the `hf://…:/mount[:ro|:rw]` strings, parsed */
  volumes: WireVolume[];
  networkAliases: string[];
}

/** The table's valid keys, in the CLI's order (its error message lists them this way). */
export const HF_JOBS_HEADER_KEYS = [
  "image",
  "flavor",
  "python",
  "timeout",
  "name",
  "namespace",
  "network_group",
  "env",
  "secrets",
  "labels",
  "volumes",
  "network_aliases",
] as const;

/** A problem in the table; `field` is the table key (`env.FOO` for an entry), `line` 1-based in the file. */
export interface HfJobsHeaderError {
  field: string;
  message: string;
  line?: number;
}

export type ParseHfJobsHeaderResult =
  /** `header` is null when the script has no block or no `[tool.hf-jobs]` table */
  | { ok: true; header: HfJobsHeader | null }
  | { ok: false; error: HfJobsHeaderError };

const TABLE = "tool.hf-jobs";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

class HeaderError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function typeError(key: string, value: unknown, expected: string): HeaderError {
  return new HeaderError(key, `'${key}' in the script's [${TABLE}] table must be ${expected}, got: ${JSON.stringify(value)}.`);
}

function asStr(table: Record<string, unknown>, key: string): string | undefined {
  const v = table[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw typeError(key, v, "a string");
  return v;
}

function asStrTable(table: Record<string, unknown>, key: string): Record<string, string> {
  const v = table[key];
  if (v === undefined) return {};
  if (!isPlainObject(v)) throw typeError(key, v, "a table of strings");
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(v)) {
    // As upstream: stringifying a bool or a number would send a value the author never wrote.
    if (typeof item !== "string") throw typeError(`${key}.${name}`, item, "a string");
    out[name] = item;
  }
  return out;
}

function asStrList(table: Record<string, unknown>, key: string): string[] {
  const v = table[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((i) => typeof i !== "string")) throw typeError(key, v, "a list of strings");
  return v as string[];
}

/**
 * Reads the `[tool.hf-jobs]` table of a script's text.
 * @returns the typed header; null without a PEP 723 block or without the table; an error naming the
 *   key (unknown keys: the message lists the valid ones) — a broken PEP 723 block is reported with
 *   field `script`
 */
export function parseHfJobsHeader(text: string): ParseHfJobsHeaderResult {
  const parsed = parsePep723(text);
  if (!parsed.ok) return { ok: false, error: { field: "script", message: parsed.error.message, line: parsed.error.line } };
  const meta = parsed.metadata;
  if (meta === null || meta.tool === undefined || !("hf-jobs" in meta.tool)) return { ok: true, header: null };
  const table = meta.tool["hf-jobs"];
  const line = findTableLine(meta.toml, meta.startLine);
  if (!isPlainObject(table)) {
    return { ok: false, error: { field: "tool.hf-jobs", message: `'${TABLE}' must be a table in the script's PEP 723 header (i.e. \`[${TABLE}]\`).`, line } };
  }
  const valid: readonly string[] = HF_JOBS_HEADER_KEYS;
  const unknown = Object.keys(table).filter((k) => !valid.includes(k)).sort();
  if (unknown.length > 0) {
    return {
      ok: false,
      error: {
        field: unknown[0] as string,
        message: `Unknown key(s) ${unknown.map((k) => `'${k}'`).join(", ")} in the script's [${TABLE}] table. Valid keys are: ${HF_JOBS_HEADER_KEYS.join(", ")}.`,
        line,
      },
    };
  }
  try {
    const timeoutRaw = table["timeout"];
    let timeout: string | undefined;
    if (timeoutRaw !== undefined) {
      if (typeof timeoutRaw === "string") timeout = timeoutRaw;
      else if (typeof timeoutRaw === "number" && Number.isInteger(timeoutRaw)) timeout = String(timeoutRaw);
      else throw typeError("timeout", timeoutRaw, 'a duration string (e.g. "30m") or a number of seconds');
    }
    if (isPlainObject(table["secrets"])) {
      throw new HeaderError(
        "secrets",
        `'secrets' in the script's [${TABLE}] table must be a list of names (e.g. \`secrets = ["HF_TOKEN"]\`), not a table: scripts travel publicly, so secret values always come from whoever runs the script.`,
      );
    }
    const volumes: WireVolume[] = asStrList(table, "volumes").map((spec, i) => {
      const v = parseVolumeSpec(spec);
      if (!v.ok) throw new HeaderError(`volumes.${i}`, v.error);
      return v.volume;
    });
    const header: HfJobsHeader = {
      ...optional("image", asStr(table, "image")),
      ...optional("flavor", asStr(table, "flavor")),
      ...optional("python", asStr(table, "python")),
      ...optional("timeout", timeout),
      ...optional("name", asStr(table, "name")),
      ...optional("namespace", asStr(table, "namespace")),
      ...optional("networkGroup", asStr(table, "network_group")),
      env: asStrTable(table, "env"),
      secrets: asStrList(table, "secrets"),
      labels: asStrTable(table, "labels"),
      volumes,
      networkAliases: asStrList(table, "network_aliases"),
    };
    return { ok: true, header };
  } catch (e) {
    if (e instanceof HeaderError) return { ok: false, error: { field: e.field, message: e.message, line } };
    throw e;
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function findTableLine(toml: string, startLine: number): number {
  const i = toml.split("\n").findIndex((l) => /^\s*\[\s*tool\s*\.\s*"?hf-jobs"?\s*\]/.test(l) || /^\s*tool\s*\.\s*"?hf-jobs"?\s*=/.test(l));
  return i === -1 ? startLine : startLine + 1 + i;
}
