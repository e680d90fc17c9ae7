import type { LocalHubOptions } from "./context";

/** Default host uid/gid of sandboxed jobs when the Hub runs as root: no account on a stock Debian has it. */
export const DEFAULT_JOB_HOST_UID = 61000;

/**
 * The unprivileged host user that runs a job's bubblewrap (issue 9, item 1, defence in depth), or null
 * when jobs run as the Hub's own user. Only a Hub running as root drops to it: then even a sandbox
 * escape lands as a user that owns nothing but bucket files. Option `jobHostUid` (env
 * `LOCAL_HUB_JOB_UID`), default {@link DEFAULT_JOB_HOST_UID}; `"off"` keeps root (bwrap still gives
 * the job its own user namespace, unprivileged uid and no capabilities).
 * Bucket folders and files the Hub writes are owned by this user so jobs can write them.
 */
export function sandboxHostUser(options: Pick<LocalHubOptions, "jobHostUid">): { uid: number; gid: number } | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const setting = options.jobHostUid ?? process.env.LOCAL_HUB_JOB_UID ?? DEFAULT_JOB_HOST_UID;
  if (setting === "off") return null;
  const uid = Number(setting);
  if (!Number.isInteger(uid) || uid <= 0 || uid >= 2 ** 32 - 1) throw new Error(`LOCAL_HUB_JOB_UID must be a positive uid or "off", got ${String(setting)}`);
  return { uid, gid: uid };
}
