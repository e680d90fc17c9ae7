import { posix } from "node:path";
import { hubError } from "../errors";
import type { JobSpec, JobVolume } from "../store/jobs";
import { HARDWARE_FLAVORS } from "./hardware-flavors";
import { checkLabelBounds, checkSpecBounds } from "./spec-limits";
import { NETWORK_ALIAS_RE, NETWORK_GROUP_RE } from "./network-group";
import { LOCAL_HUB_SANDBOX_ROOT } from "./python-env";
import { SANDBOX_WORKDIR, SYSTEM_PATHS } from "./sandbox-args";

/** Default `timeoutSeconds` when a spec has none: 30 minutes (specs/hub-jobs-api.md §6.1). */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/** Label keys and values: ≤ 100 chars of `[A-Za-z0-9._-]`; values may be empty (specs/hub-jobs-api.md §6.3). */
const LABEL_RE = /^[A-Za-z0-9._-]{0,100}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SOURCE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VOLUME_TYPES = ["bucket", "model", "dataset", "space"] as const;
const VOLUME_KEYS = new Set(["type", "source", "mountPath", "revision", "readOnly", "path"]);
const SPEC_KEYS = new Set([
  "dockerImage", "spaceId", "command", "arguments", "environment", "secrets", "flavor", "timeoutSeconds", "labels",
  "volumes", "expose", "ssh", "resourceGroupId", "arch", "attempts", "network",
]);

/** A validated spec plus its secret values, which are stored apart. */
export interface ValidatedJobSpec {
  spec: JobSpec;
  secrets: Record<string, string>;
}

/**
 * Checks a volume (bucket, or model/dataset/space) against the store and the caller's rights.
 * @returns null when the volume may be mounted, else the reason (becomes a 400)
 */
export type BucketVolumeCheck = (volume: JobVolume, field: string) => string | null;

/** Cap on `expose.ports` (the Hub documents none; a request must not set an unbounded count). */
const MAX_EXPOSED_PORTS = 32;

const bad = (message: string) => hubError(400, message);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === "string")) throw bad(`${field} must be an array of strings`);
  return value;
}

function stringMap(value: unknown, field: string, keyRe: RegExp, keyRule: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw bad(`${field} must be an object of string values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!keyRe.test(k)) throw bad(`${field} key "${k}" is invalid: ${keyRule}`);
    if (typeof v !== "string") throw bad(`${field}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

/** Validates `labels` (also the body of the labels PUT routes). @throws HubError 400 naming the label */
export function validateLabels(value: unknown, field = "labels"): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw bad(`${field} must be an object of string values`);
  checkLabelBounds(value, field);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.length === 0 || !LABEL_RE.test(k)) {
      throw bad(`${field} key "${k}" is invalid: label keys are 1 to 100 characters of A-Z a-z 0-9 . _ -`);
    }
    if (typeof v !== "string") throw bad(`${field}.${k} must be a string`);
    if (!LABEL_RE.test(v)) throw bad(`${field}.${k} value "${v}" is invalid: label values are at most 100 characters of A-Z a-z 0-9 . _ -`);
    out[k] = v;
  }
  return out;
}

/**
 * Why a volume cannot be mounted at `mountPath` in the local Hub's sandbox, or null: the system root
 * (`/usr`, `/etc`, …), the job's `/workspace`, the Hub's own `/opt/local-hub` (Python environments),
 * or a parent of it (which would put that folder inside the volume). Checked at job creation (400)
 * and again when the job starts (schedules stored before the rule).
 */
export function reservedMountProblem(mountPath: string): string | null {
  const reserved = [...SYSTEM_PATHS, SANDBOX_WORKDIR, LOCAL_HUB_SANDBOX_ROOT];
  if (reserved.some((p) => mountPath === p || mountPath.startsWith(p + "/")) || LOCAL_HUB_SANDBOX_ROOT.startsWith(mountPath + "/")) {
    return `mountPath ${mountPath} is a reserved folder of the sandbox (${reserved.join(", ")}, or a parent of ${LOCAL_HUB_SANDBOX_ROOT})`;
  }
  return null;
}

function validateVolumes(value: unknown, check: BucketVolumeCheck): JobVolume[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad("volumes must be an array of volume objects");
  const seen = new Set<string>();
  const volumes = value.map((raw: unknown, i): JobVolume => {
    const field = `volumes[${i}]`;
    if (!isObject(raw)) throw bad(`${field} must be an object {type, source, mountPath, …}`);
    for (const k of Object.keys(raw)) {
      if (!VOLUME_KEYS.has(k)) throw bad(`${field}.${k} is not a volume field; expected ${[...VOLUME_KEYS].join(", ")}`);
    }
    const type = raw.type;
    if (typeof type !== "string" || !(VOLUME_TYPES as readonly string[]).includes(type)) {
      throw bad(`${field}.type must be one of ${VOLUME_TYPES.join(", ")}`);
    }
    if (typeof raw.source !== "string" || !SOURCE_RE.test(raw.source)) {
      throw bad(`${field}.source must be "namespace/name" (no type prefix), got ${JSON.stringify(raw.source)}`);
    }
    const mountPath = raw.mountPath;
    if (typeof mountPath !== "string" || !mountPath.startsWith("/")) throw bad(`${field}.mountPath must be an absolute path starting with "/"`);
    if (mountPath === "/" || posix.normalize(mountPath) !== mountPath || mountPath.endsWith("/")) {
      throw bad(`${field}.mountPath "${mountPath}" must be a normalized absolute path other than "/" (no "..", "//" or trailing "/")`);
    }
    const reservedProblem = reservedMountProblem(mountPath);
    if (reservedProblem) throw bad(`${field}.${reservedProblem}`);
    if (seen.has(mountPath)) throw bad(`${field}.mountPath "${mountPath}" is used by another volume; mount paths must be distinct`);
    seen.add(mountPath);
    const volume: JobVolume = { type: type as JobVolume["type"], source: raw.source, mountPath };
    if (raw.revision !== undefined && raw.revision !== null) {
      if (typeof raw.revision !== "string" || raw.revision === "") throw bad(`${field}.revision must be a non-empty string`);
      volume.revision = raw.revision;
    }
    if (raw.readOnly !== undefined && raw.readOnly !== null) {
      if (typeof raw.readOnly !== "boolean") throw bad(`${field}.readOnly must be a boolean`);
      volume.readOnly = raw.readOnly;
    }
    if (raw.path !== undefined && raw.path !== null) {
      const p = raw.path;
      if (typeof p !== "string" || p.split("/").some((seg) => seg === ".." || seg === ".") || p.startsWith("/") || p.includes("\0")) {
        throw bad(`${field}.path must be a relative folder path inside the ${String(type)} without "." or ".." segments`);
      }
      const trimmed = p.replace(/\/+$/, "");
      if (trimmed) volume.path = trimmed;
    }
    const reason = check(volume, field);
    if (reason) throw bad(reason);
    // Repo volumes are read-only whatever was sent (spec §5 "forced true"): the job echoes readOnly: true.
    if (volume.type !== "bucket") volume.readOnly = true;
    return volume;
  });
  // A mount point inside a read-only volume cannot be made: bwrap's mkdir fails on the read-only tree at
  // start (pentest: a repo at /r and a bucket at /r/newdir passed here, then the job errored).
  volumes.forEach((v, i) => {
    const outer = volumes.findIndex((o) => o !== v && o.readOnly === true && v.mountPath.startsWith(o.mountPath + "/"));
    if (outer !== -1) {
      throw bad(`volumes[${i}].mountPath "${v.mountPath}" is inside the read-only volumes[${outer}] at ${volumes[outer].mountPath}; mount it elsewhere`);
    }
  });
  return volumes;
}

/**
 * `network` of hub-jobs-2x.md: `{group, aliases?}`; group lowercase alphanumerics and dashes ≤ 46,
 * aliases the same ≤ 34 and unique, aliases only with a group (huggingface_hub 2.0.0 `--network-group`
 * and `--network-alias` help, `_create_job_spec`). The patterns also keep the names safe to write into
 * a hosts file (network-group.ts).
 * @throws HubError 400 naming the field
 */
function validateNetwork(value: unknown, field: string): JobSpec["network"] {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw bad(`${field} must be an object {"group": …, "aliases": […]}`);
  for (const k of Object.keys(value)) {
    if (k !== "group" && k !== "aliases") throw bad(`${field}.${k} is not a network field; expected group, aliases`);
  }
  const { group } = value;
  const aliases = value.aliases ?? [];
  if (!Array.isArray(aliases)) throw bad(`${field}.aliases must be an array of strings`);
  if (group === undefined || group === null) {
    if (aliases.length) throw bad(`${field}.aliases requires ${field}.group`);
    throw bad(`${field}.group is required`);
  }
  if (typeof group !== "string" || !NETWORK_GROUP_RE.test(group)) {
    throw bad(`${field}.group must be 1 to 46 lowercase letters, digits and dashes, got ${JSON.stringify(group)}`);
  }
  const seen = new Set<string>();
  aliases.forEach((a: unknown, i) => {
    if (typeof a !== "string" || !NETWORK_ALIAS_RE.test(a)) {
      throw bad(`${field}.aliases[${i}] must be 1 to 34 lowercase letters, digits and dashes, got ${JSON.stringify(a)}`);
    }
    if (seen.has(a)) throw bad(`${field}.aliases[${i}] "${a}" is given twice; aliases must be unique within the job`);
    seen.add(a);
  });
  return { group, aliases: [...seen] };
}

/**
 * Validates a job spec body like the Hub would (specs/hub-jobs-api.md §4–§6): exactly one of
 * `dockerImage`/`spaceId`; `command`/`arguments` arrays of strings; `flavor` one of the hardware names
 * (default `cpu-basic`, as the PY client sends); `timeoutSeconds` a positive integer or null; labels
 * per §6.3; volumes well-formed with absolute, distinct mount paths, each checked by `check`.
 * Unknown top-level keys are refused so that a client typo fails loudly. Sizes and counts are bounded
 * first (runner/spec-limits.ts).
 * @throws HubError 400 with a message naming the field
 */
export function validateJobSpec(body: unknown, check: BucketVolumeCheck, prefix = ""): ValidatedJobSpec {
  if (!isObject(body)) throw bad(`${prefix || "body"} must be a JSON object (the job spec)`);
  const f = (name: string) => prefix + name;
  for (const k of Object.keys(body)) {
    if (!SPEC_KEYS.has(k)) throw bad(`${f(k)} is not a job spec field; expected one of ${[...SPEC_KEYS].join(", ")}`);
  }
  checkSpecBounds(body, f);
  const image = body.dockerImage ?? null;
  const space = body.spaceId ?? null;
  if (image !== null && (typeof image !== "string" || image.trim() === "")) throw bad(`${f("dockerImage")} must be a non-empty string`);
  if (space !== null && (typeof space !== "string" || !SOURCE_RE.test(space))) throw bad(`${f("spaceId")} must be "owner/space"`);
  if ((image === null) === (space === null)) throw bad(`Exactly one of ${f("dockerImage")} and ${f("spaceId")} must be set`);

  const command = body.command === undefined || body.command === null ? null : stringArray(body.command, f("command"));
  const args = body.arguments === undefined || body.arguments === null ? [] : stringArray(body.arguments, f("arguments"));
  const environment = stringMap(body.environment, f("environment"), ENV_NAME_RE, "names are letters, digits and _ and do not start with a digit");
  const secrets = stringMap(body.secrets, f("secrets"), ENV_NAME_RE, "names are letters, digits and _ and do not start with a digit");

  const flavor = body.flavor ?? "cpu-basic";
  if (typeof flavor !== "string" || !HARDWARE_FLAVORS.some((h) => h.name === flavor)) {
    throw bad(`${f("flavor")} ${JSON.stringify(flavor)} is not a known hardware flavor; see GET /api/jobs/hardware`);
  }
  const timeout = body.timeoutSeconds ?? null;
  if (timeout !== null && (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout <= 0)) {
    throw bad(`${f("timeoutSeconds")} must be a positive integer (seconds), got ${JSON.stringify(timeout)}`);
  }
  const arch = body.arch ?? null;
  if (arch !== null && arch !== "amd64" && arch !== "arm64") throw bad(`${f("arch")} must be "amd64" or "arm64"`);
  const attempts = body.attempts ?? 1;
  if (typeof attempts !== "number" || !Number.isInteger(attempts) || attempts < 1) throw bad(`${f("attempts")} must be a positive integer`);

  let expose: JobSpec["expose"] = null;
  if (body.expose !== undefined && body.expose !== null) {
    const ports = isObject(body.expose) ? body.expose.ports : undefined;
    if (!Array.isArray(ports) || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
      throw bad(`${f("expose")} must be {"ports": [port, …]} with ports 1–65535`);
    }
    if (ports.length > MAX_EXPOSED_PORTS || new Set(ports).size !== ports.length) {
      throw bad(`${f("expose")}.ports must list at most ${MAX_EXPOSED_PORTS} distinct ports`);
    }
    expose = { ports: ports as number[] };
  }
  let ssh: JobSpec["ssh"] = null;
  if (body.ssh !== undefined && body.ssh !== null) {
    if (!isObject(body.ssh) || typeof body.ssh.enabled !== "boolean") throw bad(`${f("ssh")} must be {"enabled": true|false}`);
    ssh = { enabled: body.ssh.enabled };
  }
  const network = validateNetwork(body.network, f("network"));
  const rg = body.resourceGroupId ?? null;
  if (rg !== null && typeof rg !== "string") throw bad(`${f("resourceGroupId")} must be a string`);

  return {
    spec: {
      dockerImage: image, spaceId: space, command, arguments: args, environment, flavor, timeoutSeconds: timeout,
      arch, attempts, labels: validateLabels(body.labels, f("labels")),
      volumes: validateVolumes(body.volumes, (v, field) => check(v, prefix + field)),
      expose, ssh, resourceGroupId: rg, network,
    },
    secrets,
  };
}
