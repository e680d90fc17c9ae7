import { hubError } from "../errors";

/**
 * Bounds on every job input (issue 9, item 5). The Hub documents only the label rule (≤ 100 chars per
 * key/value, specs/hub-jobs-api.md §6.3) and the 30 min default timeout (§6.1); no maximum for the rest
 * (§6.1 "Max not documented"), so these are the local Hub's choices (README "Input limits"), sized for
 * what a job really needs and for the kernel's exec limits: one argv/env string ≤ 128 KiB
 * (MAX_ARG_STRLEN) and all of them together ≤ ~2 MiB (ARG_MAX), since bwrap passes both on its command line.
 */
export const SPEC_LIMITS = {
  /** request body of a job or scheduled-job create (JSON), bytes */
  bodyBytes: 1024 * 1024,
  labels: 64,
  environmentVars: 256,
  secrets: 256,
  /** one environment or secret value, bytes (UTF-8) */
  envValueBytes: 64 * 1024,
  envNameChars: 256,
  /** all environment and secret names + values together, bytes */
  envTotalBytes: 256 * 1024,
  /** command + arguments elements */
  argvItems: 4096,
  argvItemBytes: 64 * 1024,
  argvTotalBytes: 256 * 1024,
  volumes: 32,
  mountPathChars: 1024,
  revisionChars: 256,
  dockerImageChars: 512,
  cronChars: 256,
  /** 7 days */
  timeoutSecondsMax: 7 * 24 * 3600,
  /** `label=` filters on one list call */
  labelFilters: 50,
  /** `network.aliases` of one job (each a short DNS label; every member's hosts file lists them all) */
  networkAliases: 32,
} as const;

/** Default body limit of every other local Hub route, bytes (routes with uploads have their own). */
export const DEFAULT_BODY_BYTES = 1024 * 1024;

const tooMany = (field: string, n: number, max: number, what: string) =>
  hubError(400, `${field} has ${n} ${what}; the local Hub accepts at most ${max}`);
const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Bounds of a `labels` object (count; the per-label rule is validate-job-spec's). @throws HubError 400 naming the field */
export function checkLabelBounds(value: unknown, field: string): void {
  if (isObject(value)) {
    const n = Object.keys(value).length;
    if (n > SPEC_LIMITS.labels) throw tooMany(field, n, SPEC_LIMITS.labels, "labels");
  }
}

function checkStringMap(value: unknown, field: string, maxEntries: number, what: string): number {
  if (!isObject(value)) return 0;
  const entries = Object.entries(value);
  if (entries.length > maxEntries) throw tooMany(field, entries.length, maxEntries, what);
  let total = 0;
  for (const [k, v] of entries) {
    if (k.length > SPEC_LIMITS.envNameChars) throw hubError(400, `${field} name "${k.slice(0, 40)}…" is longer than ${SPEC_LIMITS.envNameChars} characters`);
    if (typeof v === "string" && bytes(v) > SPEC_LIMITS.envValueBytes) {
      throw hubError(400, `${field}.${k} is ${bytes(v)} bytes; the local Hub accepts values of at most ${SPEC_LIMITS.envValueBytes} bytes`);
    }
    total += bytes(k) + (typeof v === "string" ? bytes(v) : 0) + 2;
  }
  return total;
}

function checkArgv(value: unknown, field: string): { items: number; total: number } {
  if (!Array.isArray(value)) return { items: 0, total: 0 };
  let total = 0;
  value.forEach((x, i) => {
    if (typeof x !== "string") return;
    const n = bytes(x) + 1;
    if (n - 1 > SPEC_LIMITS.argvItemBytes) throw hubError(400, `${field}[${i}] is ${n - 1} bytes; the local Hub accepts at most ${SPEC_LIMITS.argvItemBytes} bytes per argument`);
    total += n;
  });
  return { items: value.length, total };
}

/**
 * Checks the sizes and counts of a job spec body before its fields are validated, so that a huge input
 * fails with a 400 naming the field instead of being stored and failing at launch (e.g. `E2BIG`).
 * Values of the wrong type are left to the field validation.
 * @param f maps a field name to its name in messages (e.g. `jobSpec.labels`)
 * @throws HubError 400 naming the field and the limit
 */
export function checkSpecBounds(body: Record<string, unknown>, f: (name: string) => string): void {
  checkLabelBounds(body.labels, f("labels"));
  const env = checkStringMap(body.environment, f("environment"), SPEC_LIMITS.environmentVars, "variables");
  const sec = checkStringMap(body.secrets, f("secrets"), SPEC_LIMITS.secrets, "secrets");
  if (env + sec > SPEC_LIMITS.envTotalBytes) {
    throw hubError(400, `${f("environment")} and ${f("secrets")} hold ${env + sec} bytes together; the local Hub accepts at most ${SPEC_LIMITS.envTotalBytes}`);
  }
  const cmd = checkArgv(body.command, f("command"));
  const args = checkArgv(body.arguments, f("arguments"));
  if (cmd.items + args.items > SPEC_LIMITS.argvItems) {
    throw hubError(400, `${f("command")} and ${f("arguments")} have ${cmd.items + args.items} elements; the local Hub accepts at most ${SPEC_LIMITS.argvItems}`);
  }
  if (cmd.total + args.total > SPEC_LIMITS.argvTotalBytes) {
    throw hubError(400, `${f("command")} and ${f("arguments")} hold ${cmd.total + args.total} bytes; the local Hub accepts at most ${SPEC_LIMITS.argvTotalBytes}`);
  }
  if (Array.isArray(body.volumes)) {
    if (body.volumes.length > SPEC_LIMITS.volumes) throw tooMany(f("volumes"), body.volumes.length, SPEC_LIMITS.volumes, "volumes");
    body.volumes.forEach((v, i) => {
      if (!isObject(v)) return;
      if (typeof v.mountPath === "string" && v.mountPath.length > SPEC_LIMITS.mountPathChars) {
        throw hubError(400, `${f(`volumes[${i}].mountPath`)} is longer than ${SPEC_LIMITS.mountPathChars} characters`);
      }
      if (typeof v.revision === "string" && v.revision.length > SPEC_LIMITS.revisionChars) {
        throw hubError(400, `${f(`volumes[${i}].revision`)} is longer than ${SPEC_LIMITS.revisionChars} characters`);
      }
      if (typeof v.path === "string" && bytes(v.path) > 1024) throw hubError(400, `${f(`volumes[${i}].path`)} is longer than 1024 bytes`);
    });
  }
  if (typeof body.dockerImage === "string" && body.dockerImage.length > SPEC_LIMITS.dockerImageChars) {
    throw hubError(400, `${f("dockerImage")} is ${body.dockerImage.length} characters; the local Hub accepts at most ${SPEC_LIMITS.dockerImageChars}`);
  }
  if (isObject(body.network) && Array.isArray(body.network.aliases) && body.network.aliases.length > SPEC_LIMITS.networkAliases) {
    throw tooMany(f("network.aliases"), body.network.aliases.length, SPEC_LIMITS.networkAliases, "aliases");
  }
  if (typeof body.timeoutSeconds === "number" && body.timeoutSeconds > SPEC_LIMITS.timeoutSecondsMax) {
    throw hubError(400, `${f("timeoutSeconds")} ${body.timeoutSeconds} is more than the local Hub's maximum of ${SPEC_LIMITS.timeoutSecondsMax} seconds (7 days)`);
  }
}

/** Bounds of a scheduled job's `schedule` string. @throws HubError 400 naming the field */
export function checkCronBounds(value: unknown): void {
  if (typeof value === "string" && value.length > SPEC_LIMITS.cronChars) {
    throw hubError(400, `schedule is ${value.length} characters; the local Hub accepts at most ${SPEC_LIMITS.cronChars}`);
  }
}

/**
 * The body limit of a request, by route: uploads (xorbs 65 MiB, shards 64 MiB, bucket batch 16 MiB)
 * keep their own limits, enforced where they are read; job specs {@link SPEC_LIMITS.bodyBytes};
 * everything else {@link DEFAULT_BODY_BYTES}.
 */
export function bodyLimitFor(method: string, pathname: string): number {
  if (method === "GET" || method === "HEAD") return 0;
  if (pathname.startsWith("/cas/v1/xorbs/")) return 65 * 1024 * 1024;
  if (pathname === "/cas/v1/shards") return 64 * 1024 * 1024;
  if (/^\/api\/buckets\/[^/]+\/[^/]+\/batch$/.test(pathname)) return 16 * 1024 * 1024;
  if (/^\/api\/(scheduled-)?jobs\/[^/]+$/.test(pathname)) return SPEC_LIMITS.bodyBytes;
  // Repos (routes/repos.ts, routes/repo-files.ts): an LFS PUT is bounded there by its signed size, a commit (inline files) at 64 MiB.
  if (pathname.startsWith("/api/lfs-upload/")) return 0;
  if (/^\/api\/(models|datasets|spaces)\/[^/]+\/[^/]+\/commit\//.test(pathname) || pathname === "/api/repos/create") return 64 * 1024 * 1024;
  return DEFAULT_BODY_BYTES;
}
