import type { Dispatch } from "react";
import { sendLaunch, rememberLaunch } from "@/components/api/launch/send-launch";
import { getQueryClient } from "@/components/api/query-client";
import type { OpenedJob } from "@/components/jobs/job-handoff";
import { appPaths } from "@/lib/app-paths";
import type { LaunchInput } from "@/lib/jobs/schema";
import type { ComposerAction, ComposerState } from "./composer-state";

/**
 * What one composer keeps across launch attempts (./use-composer.ts holds it in a ref): the abort
 * controller of the attempt in flight, the idempotency key kept until a launch ends for sure
 * (lib/jobs/schema.ts LAUNCH_KEY_PATTERN), and whether the last attempt may have started the job
 * (the next one looks it up first: `resume`).
 */
export interface LaunchSession {
  abort: AbortController | null;
  launchKey: string | null;
  uncertain: boolean;
}

/** 128 random bits as hex: one launch's idempotency key (LAUNCH_KEY_PATTERN in lib/jobs/schema.ts). */
function newLaunchKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The composer's launch once the form was checked (issue 15, items 4–5): sends the files and the input
 * (components/api/launch/send-launch.ts), asks again with the same launch key when the answer was lost
 * after the files went up (the server looks the job up by it before creating anything: one launch is
 * one job), reports progress and the outcome through `dispatch`, then opens what was created: the
 * group page of a replicated launch, the job at once from the launch answer (`openJob`,
 * components/jobs/job-handoff.tsx), else the job's or scheduled job's page (`push`).
 * Part of the launch code's chunk, loaded after a drop or on Run (./use-composer.ts `loadLaunch`).
 */
export async function runLaunch({
  input,
  state,
  session,
  dispatch,
  openJob,
  push,
}: {
  input: LaunchInput;
  state: Pick<ComposerState, "files" | "retryFolder">;
  session: LaunchSession;
  dispatch: Dispatch<ComposerAction>;
  openJob: (job: OpenedJob) => void;
  push: (url: string) => void;
}): Promise<void> {
  session.abort = new AbortController();
  session.launchKey ??= newLaunchKey();
  const attempt = (folder: string | null) =>
    sendLaunch({
      signal: session.abort?.signal,
      input: { ...input, launchKey: session.launchKey ?? undefined, resume: session.uncertain, ...(folder ? { reuseFolder: folder } : {}) },
      files: state.files,
      onProgress: (progress) => dispatch({ type: "progress", progress }),
    });
  let outcome = await attempt(state.retryFolder);
  if (!outcome.ok && outcome.error.mayHaveStarted) {
    // The answer was lost after the files were sent: the job may exist. Ask again with the same key.
    session.uncertain = true;
    dispatch({ type: "checking", checking: true });
    await new Promise((r) => setTimeout(r, 1500));
    outcome = await attempt(outcome.error.folder ?? state.retryFolder);
    dispatch({ type: "checking", checking: false });
  }
  if (!outcome.ok) {
    dispatch({ type: "launchFailed", error: outcome.error });
    if (!outcome.error.mayHaveStarted) {
      // A clear "no": the next launch is a new one.
      session.uncertain = false;
      session.launchKey = null;
    }
    return;
  }
  session.uncertain = false;
  session.launchKey = null;
  dispatch({ type: "launchSucceeded" });
  const { namespace: ns, jobId, scheduledJobId, recovered, group } = outcome.data;
  // The launch answer carries the created job: the job page renders it at once instead of fetching it.
  rememberLaunch(getQueryClient(), outcome.data);
  // A replicated launch opens its group page (every member, "Cancel all").
  if (group) return push(appPaths.group(ns, group.name));
  // A job shows at once, from that answer, while its route loads (components/jobs/job-handoff.tsx).
  if (jobId && outcome.data.job) return openJob({ namespace: ns, jobId, recovered });
  push(jobId ? appPaths.job(ns, jobId, { recovered }) : appPaths.scheduledJob(ns, scheduledJobId ?? ""));
}
