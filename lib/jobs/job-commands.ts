import "server-only";
import {
  cancelJob,
  deleteScheduledJob,
  duplicateJob,
  resumeScheduledJob,
  runScheduledJob,
  suspendScheduledJob,
} from "@huggingface/hub";
import type { HubCredentials } from "@/lib/hub/credentials";
import { toActionError } from "@/lib/hub/to-action-error";
import { jobWebUrl } from "@/lib/hub/web-urls";
import { fail, ok, type ActionResult } from "@/lib/result";

/**
 * The small job and schedule commands behind the server actions, each one @huggingface/hub call with
 * its failure mapped by lib/hub/to-action-error (specs/hub-jobs-api.md §7.4, §8.3). Grouped in one
 * module because each is a few lines; credentials come as parameters so tests need no Next.
 */
type Creds = HubCredentials & { fetch?: typeof fetch };

/** `POST /api/jobs/{ns}/{id}/cancel`. The answer is not trusted as "cancelled" (B35): callers re-GET. */
export async function cancelJobCommand(p: Creds & { namespace: string; jobId: string }): Promise<ActionResult<{ jobId: string }>> {
  return run(`Could not cancel job ${p.jobId}`, async () => {
    await cancelJob({ ...lib(p), namespace: p.namespace, jobId: p.jobId });
    return { jobId: p.jobId };
  });
}

/** `POST /api/jobs/{ns}/{id}/duplicate` → the new job (same spec, same artifacts folder). */
export async function duplicateJobCommand(p: Creds & { namespace: string; jobId: string }): Promise<ActionResult<{ jobId: string; jobUrl: string }>> {
  return run(`Could not duplicate job ${p.jobId}`, async () => {
    const job = await duplicateJob({ ...lib(p), namespace: p.namespace, jobId: p.jobId });
    return { jobId: job.id, jobUrl: jobWebUrl(p.hubUrl, p.namespace, job.id) };
  });
}

/** `POST /api/scheduled-jobs/{ns}/{id}/suspend` */
export async function suspendScheduledJobCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  return run(`Could not pause schedule ${p.scheduledJobId}`, async () => {
    await suspendScheduledJob({ ...lib(p), namespace: p.namespace, jobId: p.scheduledJobId });
    return { scheduledJobId: p.scheduledJobId };
  });
}

/** `POST /api/scheduled-jobs/{ns}/{id}/resume` */
export async function resumeScheduledJobCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  return run(`Could not resume schedule ${p.scheduledJobId}`, async () => {
    await resumeScheduledJob({ ...lib(p), namespace: p.namespace, jobId: p.scheduledJobId });
    return { scheduledJobId: p.scheduledJobId };
  });
}

/**
 * `POST /api/scheduled-jobs/{ns}/{id}/run` → the triggered job. 409 (a run is active and concurrency
 * is off; the library returns null) → `conflict`.
 */
export async function runScheduledJobNowCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ jobId: string; jobUrl: string }>> {
  try {
    const job = await runScheduledJob({ ...lib(p), namespace: p.namespace, jobId: p.scheduledJobId });
    if (!job) {
      return fail({
        code: "conflict",
        message: "A run of this schedule is still active and concurrent runs are off. Wait for it to finish (or cancel it), then run again.",
      });
    }
    return ok({ jobId: job.id, jobUrl: jobWebUrl(p.hubUrl, p.namespace, job.id) });
  } catch (err) {
    const m = toActionError(err, `Could not run schedule ${p.scheduledJobId}`);
    if (!m) throw err;
    return fail(m);
  }
}

/** `DELETE /api/scheduled-jobs/{ns}/{id}`. The artifacts folder stays in the bucket. */
export async function deleteScheduledJobCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  return run(`Could not delete schedule ${p.scheduledJobId}`, async () => {
    await deleteScheduledJob({ ...lib(p), namespace: p.namespace, jobId: p.scheduledJobId });
    return { scheduledJobId: p.scheduledJobId };
  });
}

function lib(p: Creds) {
  return { hubUrl: p.hubUrl, accessToken: p.accessToken, fetch: p.fetch };
}

async function run<T>(context: string, body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return ok(await body());
  } catch (err) {
    const m = toActionError(err, context);
    if (!m) throw err;
    return fail(m);
  }
}
