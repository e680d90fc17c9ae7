import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { JobSpec } from "@/lib/hub/job-spec";
import type { AddError } from "./job-spec-fields";
import { checkNetwork, checkVolumes } from "./preflight";
import { ARTIFACTS_MOUNT_PATH, type ParsedLaunchInput } from "./schema";

/**
 * Validators of the 2.x job spec fields the composer edits (issue 13 items 3–4), beside the older
 * ones in ./job-spec-fields.ts: user volumes (the Hub's rules, through ./preflight.ts), `expose`,
 * `ssh` and the replicas' `network`. Client-safe, no I/O. Field names follow the builder's
 * convention (`volumes.0.mountPath`, `expose`, `networkGroup`, `replicas`). Protocol facts:
 * specs/hub-jobs-2x.md "Job spec fields"; network names per huggingface_hub 2.0.0 `--network-group`.
 */

/** Most replicas one launch starts (each is a billed job; a typo of 100 must not start 100). */
export const MAX_REPLICAS = 16;
/** The alias of rank 0 in a replicated launch: `${HF_NETWORK_GROUP_PREFIX}master` reaches it. */
export const MASTER_ALIAS = "master";
/** What the preview shows as the group name when none is typed: the server derives it from the launch key. */
export const PREVIEW_GROUP = "group-from-launch-key";

/**
 * The Hub's volume rules (absolute normalized mount paths, one volume per mount path, repos
 * read-only, revisions only for repos, plain sub-paths) as field errors; `/data` is checked by the
 * caller (`jobVolumes`, with the Python client's message).
 */
export function checkUserVolumes(volumes: ParsedLaunchInput["volumes"], addError: AddError): void {
  // As jobVolumes sends them: trailing slashes dropped. A volume at /data has jobVolumes' error already.
  const normalized = volumes.map((v) => ({ ...v, mountPath: v.mountPath.replace(/\/+$/, "") || "/" }));
  const atData = new Set(normalized.flatMap((v, i) => (v.mountPath === ARTIFACTS_MOUNT_PATH ? [`volumes[${i}].mountPath`] : [])));
  const problems = checkVolumes({ volumes: normalized, artifactsMountPath: ARTIFACTS_MOUNT_PATH });
  for (const p of problems) if (!atData.has(p.field)) addError(p.field.replace(/\[(\d+)\]/g, ".$1"), p.message);
}

/**
 * `expose`: TCP ports 1–65535, each once.
 * @returns `{ports}` when any port is given, else undefined (the field is left out of the spec)
 */
export function exposeSpec(ports: readonly number[], addError: AddError): JobSpec["expose"] {
  const seen = new Set<number>();
  ports.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) addError(`expose.${i}`, `${port} is not a TCP port (1–65535)`);
    else if (seen.has(port)) addError(`expose.${i}`, `Port ${port} is listed twice`);
    seen.add(port);
  });
  return ports.length > 0 ? { ports: [...ports] } : undefined;
}

/** `ssh`: `{enabled: true}` when asked, else left out. */
export function sshSpec(ssh: boolean): JobSpec["ssh"] {
  return ssh ? { enabled: true } : undefined;
}

/**
 * The network group of a replicated launch, derived from the launch key when the user names none,
 * so a retry of the same launch lands in the same group: `g-` + 16 hex of sha256(launchKey).
 */
export function groupFromLaunchKey(launchKey: string): string {
  return `g-${bytesToHex(sha256(utf8ToBytes(launchKey))).slice(0, 16)}`;
}

/**
 * `replicas` and `networkGroup`: 1–{@link MAX_REPLICAS} replicas; with more than one, the spec
 * (rank 0's, the one previewed) joins `networkGroup` (or {@link groupFromLaunchKey}) with the alias
 * {@link MASTER_ALIAS}. The other ranks are derived at launch by ./replicas.ts.
 * @returns the `network` of rank 0, or undefined for a single job
 */
export function replicaNetwork(
  data: Pick<ParsedLaunchInput, "replicas" | "networkGroup" | "launchKey" | "schedule">,
  addError: AddError,
): JobSpec["network"] {
  if (!Number.isInteger(data.replicas) || data.replicas < 1 || data.replicas > MAX_REPLICAS) {
    addError("replicas", `Replicas: a whole number from 1 to ${MAX_REPLICAS}`);
    return undefined;
  }
  const group = data.networkGroup || undefined;
  if (data.replicas === 1 && !group) return undefined;
  if (data.replicas > 1 && data.schedule) addError("replicas", "A scheduled job runs one job per trigger: replicas are for jobs run now");
  for (const p of checkNetwork({ group, aliases: [] })) addError("networkGroup", p.message);
  const name = group ?? (data.launchKey ? groupFromLaunchKey(data.launchKey) : PREVIEW_GROUP);
  return data.replicas > 1 ? { group: name, aliases: [MASTER_ALIAS] } : { group: name };
}
