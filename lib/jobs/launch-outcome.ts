import "server-only";
import { isTimeout } from "@/lib/hub/to-action-error";
import { folderWebUrl } from "@/lib/hub/web-urls";
import type { PreparedLaunch } from "./prepare-launch";
import type { LaunchResult } from "./schema";

/** What a create call's failure means for idempotency, shared by ./launch-job.ts and ./launch-replicas.ts. */

/**
 * True when a failed create call may still have created the job: no HTTP answer (network error,
 * timeout) or a 5xx (a proxy or the Hub failed after the handler ran). A 4xx is a clear "no".
 */
export function answerMayBeLost(err: unknown, mapped: { code: string }): boolean {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === "number") return status >= 500;
  return mapped.code === "hub_unavailable" || mapped.code === "hub_timeout";
}

/** Delays between lookups after a lost answer: the Hub may list a new job a moment after creating it. */
const LOOKUP_DELAYS_MS = [0, 500, 1500];

/**
 * Looks a job up a few times ({@link LOOKUP_DELAYS_MS}) after a lost create answer; stops at the
 * first lookup that timed out (the wait stays bounded by one more Hub timeout).
 * @returns the job, null when every lookup answered "no such job", "unknown" when the last lookup failed
 */
export async function lookUpAfterLoss<T>(find: () => Promise<T | null>): Promise<T | null | "unknown"> {
  let last: T | null | "unknown" = "unknown";
  for (const delay of LOOKUP_DELAYS_MS) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    try {
      last = await find();
      if (last) return last;
    } catch (err) {
      // A Hub that did not answer the lookup in time will not answer the next one sooner.
      if (isTimeout(err)) return "unknown";
      last = "unknown";
    }
  }
  return last;
}

/** The parts of a LaunchResult shared by runs and schedules. */
export function resultBase(hubUrl: string, p: PreparedLaunch): Omit<LaunchResult, "jobUrl"> {
  return {
    namespace: p.input.namespace,
    folder: p.folder,
    folderUrl: folderWebUrl(hubUrl, p.input.namespace, p.folder),
    files: p.files,
    warnings: p.warnings,
    command: p.spec.command,
    ...(p.spec.timeoutSeconds !== undefined ? { timeoutSeconds: p.spec.timeoutSeconds } : {}),
  };
}
