import type { HfJobsHeader } from "./hf-jobs-header";
import type { WireVolume } from "./wire-job-spec";

/**
 * The second half of ./hf-jobs-header.ts: a read `[tool.hf-jobs]` table merged with the user's choices
 * as `hf jobs uv run` 2.x merges them. Apart from the reader so that it carries no TOML parser (the
 * composer's reducer runs it; the reader loads after a drop). Client-safe, pure.
 *
 * Source: huggingface_hub 2.0.0 `cli/jobs.py` `_resolve_uv_job_config`, `_merge_volume_specs`,
 * `_resolve_script_secrets`; specs/hub-jobs-2x.md "[tool.hf-jobs]".
 */

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
