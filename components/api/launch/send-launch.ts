import type { QueryClient } from "@tanstack/react-query";
import { MAX_LAUNCH_BYTES } from "@/lib/jobs/constants";
import type { LaunchInput, LaunchResult } from "@/lib/jobs/schema";
import type { ActionError, ActionResult } from "@/lib/result";
import type { ComposerFile } from "../../composer/dropped-files";
import { jobKeys, scheduledKeys } from "../query-keys";

/** Where a launch is: sending bytes to the app, the server working (bucket + job), finished, failed. */
export interface LaunchProgress {
  phase: "uploading" | "starting" | "done" | "error";
  /** bytes of the request body sent so far / in total (uploading phase) */
  loaded: number;
  total: number;
}

/** The launch endpoint (app/api/launch/route.ts → lib/jobs/launch-form.ts `launchFromForm`), a route so the upload can report bytes. */
export const LAUNCH_URL = "/api/launch";

/**
 * The browser's launch: sends the form and the files to `POST /api/launch` with XMLHttpRequest,
 * because fetch and server actions cannot report upload progress. Named apart from the server's
 * `launchJob` (lib/jobs/launch-job.ts), which the route ends up calling. After a success, call
 * {@link rememberLaunch} to update the cache.
 * @returns the action's result; network failures and non-JSON answers become an ActionError
 *   (`hub_unavailable`), never a throw
 */
export function sendLaunch({
  input,
  files,
  onProgress,
  signal,
}: {
  input: LaunchInput;
  files: readonly ComposerFile[];
  onProgress: (p: LaunchProgress) => void;
  /** aborts the request (meant for the upload phase: once sent, the server may still launch) */
  signal?: AbortSignal;
}): Promise<ActionResult<LaunchResult>> {
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  if (totalBytes > MAX_LAUNCH_BYTES) {
    const message = `These files add up to more than ${MAX_LAUNCH_BYTES / 1024 ** 3} GiB, the most one launch can send through the app. Upload them with "hf buckets cp" or "hf upload-large-folder" and mount them as a volume instead.`;
    return Promise.resolve({ ok: false, error: { code: "payload_too_large", message, fieldErrors: { files: [message] } } });
  }
  const body = launchFormData({ input, files });
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const failure = (error: ActionError) => resolve({ ok: false, error });
    xhr.open("POST", LAUNCH_URL);
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress({ phase: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : e.loaded });
    xhr.upload.onload = () => onProgress({ phase: "starting", loaded: 1, total: 1 });
    let sent = false;
    xhr.upload.addEventListener("load", () => {
      sent = true;
    });
    // Once every byte is sent the server may be creating the job: a lost answer is "maybe", not "no".
    xhr.onerror = () =>
      failure(
        sent
          ? { code: "hub_unavailable", message: "The answer was lost after the files were sent: the job may have started.", mayHaveStarted: true }
          : { code: "hub_unavailable", message: "The upload was interrupted (network error). Check the connection and launch again." },
      );
    xhr.onabort = () => failure({ code: "hub_unavailable", message: "Upload cancelled: nothing was launched." });
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        failure({
          code: xhr.status === 413 ? "payload_too_large" : "hub_error",
          message: xhr.status === 413 ? "The files are too large to send in one launch." : `The server answered ${xhr.status} without a result.`,
          // A proxy's 502/504 without our JSON: the launch may have gone through behind it.
          ...(xhr.status >= 500 ? { mayHaveStarted: true } : {}),
        });
        return;
      }
      if (isActionResult(parsed)) resolve(parsed);
      else failure({ code: "hub_error", message: `The server answered ${xhr.status} with an unexpected body.` });
    };
    onProgress({ phase: "uploading", loaded: 0, total: totalBytes });
    xhr.send(body);
  });
}

function isActionResult(value: unknown): value is ActionResult<LaunchResult> {
  if (typeof value !== "object" || value === null || !("ok" in value)) return false;
  return value.ok === true ? "data" in value : "error" in value;
}

/**
 * The FormData layout the launch action reads (lib/schema.ts): `input` = the LaunchInput as JSON,
 * then one `file` entry per dropped file whose file name is its relative path.
 *
 * Order (issue 15): the entry script first, then the other files from the smallest, and `input.files`
 * listed in that same order. The server can start uploading a large file while it is still being
 * sent once it has the input and the script (lib/jobs/receive-launch-form.ts), so the large files go
 * last.
 */
export function launchFormData({ input, files }: { input: LaunchInput; files: readonly Pick<ComposerFile, "path" | "file">[] }): FormData {
  const rank = (f: { path: string }, size: number) => (f.path === input.script ? -1 : size);
  const sent = files.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f, a.f.file.size) - rank(b.f, b.f.file.size) || a.i - b.i).map(({ f }) => f);
  const listed = (input.files ?? []).map((f, i) => ({ f, i })).sort((a, b) => rank(a.f, a.f.size) - rank(b.f, b.f.size) || a.i - b.i).map(({ f }) => f);
  const form = new FormData();
  form.set("input", JSON.stringify({ ...input, files: listed }));
  for (const f of sent) form.append("file", f.file, f.path);
  return form;
}

/**
 * The cache after a successful launch: the answer carries the created job, so its page renders it
 * at once instead of fetching it; the job lists (a new job) or the schedules lists (a new schedule)
 * are stale.
 */
export function rememberLaunch(queryClient: QueryClient, { namespace, jobId, scheduledJobId, job }: Pick<LaunchResult, "namespace" | "jobId" | "scheduledJobId" | "job">): void {
  if (jobId && job) queryClient.setQueryData(jobKeys.detail(namespace, jobId), job);
  if (jobId) void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
  if (scheduledJobId) void queryClient.invalidateQueries({ queryKey: scheduledKeys.lists() });
}
