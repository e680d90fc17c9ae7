import { parsePep723 } from "./pep723";
import { parseVolumeSpec } from "./hf-volume-spec";
import type { WireVolume } from "./wire-job-spec";

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

/** What the user chose in the form (or on the command line). Unset scalars are `undefined`. */
export interface HfJobsUserChoices {
  image?: string;
  flavor?: string;
  python?: string;
  timeout?: string;
  /** the `name` label; `labels.name` is the same thing (both set = the CLI's error, not checked here) */
  name?: string;
  namespace?: string;
  networkGroup?: string;
  /** empty = not set (the CLI cannot tell "no aliases" from "not given" either) */
  networkAliases?: string[];
  env?: Record<string, string>;
  /** name → value; `null` = named but no value yet */
  secrets?: Record<string, string | null>;
  labels?: Record<string, string>;
  volumes?: WireVolume[];
}

/** The merged launch configuration. */
export interface HfJobsMerged {
  image?: string;
  flavor?: string;
  python?: string;
  timeout?: string;
  namespace?: string;
  networkGroup?: string;
  networkAliases: string[];
  env: Record<string, string>;
  secrets: Record<string, string | null>;
  /** includes `name` when the user or the script named the job */
  labels: Record<string, string>;
  /** the script's volumes first (those not overridden by the user's mount path), then the user's */
  volumes: WireVolume[];
}

export interface MergeHfJobsHeaderResult {
  values: HfJobsMerged;
  /**
   * Which values came from the script, in the CLI's own notation (`cli/jobs.py` `from_script`):
   * `flavor`, `image`, `python`, `timeout`, `namespace`, `network_group`, `network_aliases`,
   * `env.KEY`, `secrets.NAME`, `labels.KEY` (`labels.name` for the script's `name`), `volumes.MOUNT_PATH`.
   */
  fromScript: string[];
  /** secret names the script asks for that the user has not given a value: the UI asks for them */
  secretsNeedingValue: string[];
}

/**
 * Merges the script's table with the user's choices as `_resolve_uv_job_config` (hf 2.0.0) does:
 * a scalar the user set wins; `env`, `labels`, `secrets` merge entry by entry (by key/name) and
 * `volumes` by mount path, the user's entry winning; `networkAliases` from the user replaces the
 * script's list; the script's `name` is the `name` label unless the user's labels carry one.
 * Secrets: where the CLI reads a script-requested value from the caller's environment, the app has
 * none, so such names are returned with value `null` and listed in `secretsNeedingValue`.
 * @param params.header the parsed table (null = none: the user's choices pass through)
 */
export function mergeHfJobsHeader({ header, user }: { header: HfJobsHeader | null; user: HfJobsUserChoices }): MergeHfJobsHeaderResult {
  const h: HfJobsHeader = header ?? { env: {}, secrets: [], labels: {}, volumes: [], networkAliases: [] };
  const fromScript: string[] = [];
  const pick = (key: string, userValue: string | undefined, scriptValue: string | undefined): string | undefined => {
    if (userValue !== undefined) return userValue;
    if (scriptValue !== undefined) fromScript.push(key);
    return scriptValue;
  };
  const image = pick("image", user.image, h.image);
  const flavor = pick("flavor", user.flavor, h.flavor);
  const python = pick("python", user.python, h.python);
  const timeout = pick("timeout", user.timeout, h.timeout);
  const namespace = pick("namespace", user.namespace, h.namespace);
  const networkGroup = pick("network_group", user.networkGroup, h.networkGroup);

  let networkAliases = user.networkAliases ?? [];
  if (networkAliases.length === 0 && h.networkAliases.length > 0) {
    fromScript.push("network_aliases");
    networkAliases = [...h.networkAliases];
  }

  const userEnv = user.env ?? {};
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(h.env)) {
    if (!(k in userEnv)) {
      env[k] = v;
      fromScript.push(`env.${k}`);
    }
  }
  Object.assign(env, userEnv);

  const userSecrets = user.secrets ?? {};
  const secrets: Record<string, string | null> = {};
  for (const name of h.secrets) {
    if (!(name in userSecrets)) {
      secrets[name] = null;
      fromScript.push(`secrets.${name}`);
    }
  }
  Object.assign(secrets, userSecrets);
  const secretsNeedingValue = Object.entries(secrets).filter(([, v]) => v === null || v === "").map(([k]) => k);

  const userLabels = { ...(user.labels ?? {}), ...(user.name !== undefined ? { name: user.name } : {}) };
  const scriptLabels = { ...h.labels, ...(h.name !== undefined ? { name: h.name } : {}) };
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(scriptLabels)) {
    if (!(k in userLabels)) {
      labels[k] = v;
      fromScript.push(`labels.${k}`);
    }
  }
  Object.assign(labels, userLabels);

  const userVolumes = user.volumes ?? [];
  const userMounts = new Set(userVolumes.map((v) => v.mountPath));
  const keptScriptVolumes = h.volumes.filter((v) => !userMounts.has(v.mountPath));
  for (const v of keptScriptVolumes) fromScript.push(`volumes.${v.mountPath}`);

  return {
    values: {
      ...(image !== undefined ? { image } : {}),
      ...(flavor !== undefined ? { flavor } : {}),
      ...(python !== undefined ? { python } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(networkGroup !== undefined ? { networkGroup } : {}),
      networkAliases,
      env,
      secrets,
      labels,
      volumes: [...keptScriptVolumes, ...userVolumes],
    },
    fromScript,
    secretsNeedingValue,
  };
}
