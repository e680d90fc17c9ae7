import "server-only";
import { cancelJob } from "@/lib/hub/cancel-job";
import { copyFiles, type FileCopy } from "@/lib/hub/copy-files";
import type { HubCall } from "@/lib/hub/credentials";
import { deleteScheduledJob } from "@/lib/hub/delete-scheduled-job";
import { duplicateJob } from "@/lib/hub/duplicate-job";
import { getJob } from "@/lib/hub/get-job";
import { listFolder } from "@/lib/hub/list-folder";
import { resumeScheduledJob } from "@/lib/hub/resume-scheduled-job";
import { runJob } from "@/lib/hub/run-job";
import { runScheduledJob } from "@/lib/hub/run-scheduled-job";
import { suspendScheduledJob } from "@/lib/hub/suspend-scheduled-job";
import { toActionError } from "@/lib/hub/to-action-error";
import { jobWebUrl } from "@/lib/hub/web-urls";
import type { ApiJob } from "@/lib/hub/api-types";
import { AppError } from "@/lib/errors";
import { fail, ok, type ActionResult } from "@/lib/result";
import { artifactsFolder, isArtifactsFolder } from "./artifacts-folder";
import { DUPLICATED_FROM_LABEL } from "./duplicated-from";
import { fileOrigin } from "./file-origin";
import { jobSpecOf } from "./job-spec-of";
import { ARTIFACTS_BUCKET, LAUNCH_KEY_LABEL } from "./constants";

/**
 * The small job and schedule commands behind the server actions, each one lib/hub verb with its
 * failure mapped by lib/hub/to-action-error (specs/hub-jobs-api.md §7.4, §8.3). Grouped in one
 * module because each is a few lines; credentials come as parameters so tests need no Next.
 */
type Creds = HubCall;

/** `POST /api/jobs/{ns}/{id}/cancel`. The answer is not trusted as "cancelled" (B35): callers re-GET. */
export async function cancelJobCommand(p: Creds & { namespace: string; jobId: string }): Promise<ActionResult<{ jobId: string }>> {
  return run(`Could not cancel job ${p.jobId}`, async () => {
    await cancelJob({ ...lib(p), namespace: p.namespace, jobId: p.jobId });
    return { jobId: p.jobId };
  });
}

/** What {@link duplicateJobCommand} returns: the new job, and its own artifacts folder when it has one. */
export interface DuplicateResult {
  jobId: string;
  jobUrl: string;
  /** the duplicate's fresh folder in `{ns}/jobs-artifacts`; absent when the source job had none */
  folder?: string;
}

/**
 * Duplicate: a new job with the same spec.
 *
 * The Hub's `POST /api/jobs/{ns}/{id}/duplicate` (specs/hub-jobs-api.md §7.4) re-sends the spec as is,
 * so a job launched with an artifacts folder would mount the SAME folder read-write and overwrite the
 * original's outputs. So for a job with a bucket volume on `{ns}/jobs-artifacts` whose `path` is an
 * artifacts folder name, the app duplicates itself:
 * 1. `GET /api/jobs/{ns}/{id}` for the spec and `createdAt`;
 * 2. refuses (`conflict`, nothing created) when the job has secrets: the Hub returns only their names
 *    (§7.1), so a new job cannot carry their values — "Edit and re-run" asks for them again;
 * 3. lists the old folder (recursive tree with `uploadedAt`, specs/hub-buckets-xet.md §3.3) and takes
 *    its INPUTS: files stored before the job's `createdAt` ({@link fileOrigin}, the job page's rule);
 * 4. copies them into a fresh folder ({@link artifactsFolder}) with `copyFile` operations by xetHash
 *    (one bucket batch call per 100 files, no data transfer; @huggingface/hub lib/commit.ts, spec §3.5);
 * 5. `runJob` with the spec read back by {@link jobSpecOf} (every field of the wire spec: image/Space,
 *    command, arguments, environment, flavor, arch, timeout, attempts, 2.x fields), labels plus
 *    `duplicated-from: <id>` and without the source's launch key, the artifacts volume's `path` replaced.
 * Jobs without an artifacts folder use the Hub's duplicate route (nothing to overwrite; `initiator`
 * becomes `{type: "duplicated-job", id}`).
 * @returns {jobId, jobUrl, folder?}; errors: `not_found` (job), `conflict` (secrets), `hub_error` when
 *   the Hub gives no upload times or refuses a copy (nothing is launched then), others mapped by
 *   lib/hub/to-action-error
 */
export async function duplicateJobCommand(p: Creds & { namespace: string; jobId: string }): Promise<ActionResult<DuplicateResult>> {
  return run(`Could not duplicate job ${p.jobId}`, async () => {
    const source = await getJob({ ...lib(p), namespace: p.namespace, jobId: p.jobId });
    const bucket = `${p.namespace}/${ARTIFACTS_BUCKET}`;
    const volumes = source.volumes ?? [];
    const artifacts = volumes.findIndex((v) => v.type === "bucket" && v.source === bucket && typeof v.path === "string" && isArtifactsFolder(v.path));
    const oldFolder = volumes[artifacts]?.path;
    if (artifacts < 0 || oldFolder === undefined) {
      const job = await duplicateJob({ ...lib(p), namespace: p.namespace, jobId: p.jobId });
      return { jobId: job.id, jobUrl: jobWebUrl(p.hubUrl, p.namespace, job.id) };
    }

    const { spec, secretNames } = jobSpecOf(source);
    if (secretNames.length > 0) {
      const list = secretNames.join(", ");
      throw new AppError(
        "conflict",
        `This job uses secret${secretNames.length > 1 ? "s" : ""} (${list}); the Hub keeps their values, so a copy with a fresh folder needs them again: use Edit and re-run.`,
      );
    }
    const folder = artifactsFolder();
    await copyInputs({ ...p, bucket, oldFolder, folder, source });
    const job = await runJob({
      ...lib(p),
      namespace: p.namespace,
      spec: {
        ...spec,
        // The source's launch key stays its own: a duplicate is another launch (one key, one job).
        labels: { ...Object.fromEntries(Object.entries(spec.labels).filter(([k]) => k !== LAUNCH_KEY_LABEL)), [DUPLICATED_FROM_LABEL]: p.jobId },
        volumes: spec.volumes.map((v, i) => (i === artifacts ? { ...v, path: folder } : v)),
      },
    });
    return { jobId: job.id, jobUrl: jobWebUrl(p.hubUrl, p.namespace, job.id), folder };
  });
}

/**
 * Copies the source job's INPUTS (files of `oldFolder` stored before the job's `createdAt`) into
 * `folder` by Xet hash, in one commit.
 * @throws AppError `hub_error` when the Hub gives no upload time or hash, or refuses a copy (nothing launched)
 */
async function copyInputs(p: Creds & { jobId: string; bucket: string; oldFolder: string; folder: string; source: ApiJob }): Promise<void> {
  const copies: FileCopy[] = [];
  const prefix = `${p.oldFolder}/`;
  for await (const entry of listFolder({ ...lib(p), bucket: p.bucket, path: p.oldFolder, recursive: true })) {
    // The Hub filters the prefix lexically (spec §3.3): keep only entries inside the folder.
    if (entry.type !== "file" || !entry.path.startsWith(prefix)) continue;
    const origin = fileOrigin(entry, p.source);
    if (origin === null) {
      throw new AppError("hub_error", `The Hub did not say when ${entry.path} was stored, so its inputs cannot be told from its outputs; nothing was launched. Use Edit and re-run.`);
    }
    if (origin === "output") continue;
    if (!entry.xetHash) {
      throw new AppError("hub_error", `The Hub gave no content hash for ${entry.path}, so it cannot be copied; nothing was launched. Use Edit and re-run.`);
    }
    copies.push({ path: `${p.folder}/${entry.path.slice(prefix.length)}`, sourceXetHash: entry.xetHash, sourceBucket: p.bucket });
  }
  if (copies.length === 0) return;
  try {
    await copyFiles({ ...lib(p), bucket: p.bucket, title: `Inputs of job ${p.jobId}, duplicated`, copies });
  } catch (err) {
    // commit() throws a plain Error naming the paths a 422 batch answer refused (lib/commit.ts).
    if (err instanceof Error && !toActionError(err) && /^Failed to upload/.test(err.message)) {
      throw new AppError("hub_error", `Could not copy the inputs into a new folder, nothing was launched: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** `POST /api/scheduled-jobs/{ns}/{id}/suspend` */
export async function suspendScheduledJobCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  return run(`Could not pause schedule ${p.scheduledJobId}`, async () => {
    await suspendScheduledJob({ ...lib(p), namespace: p.namespace, scheduledJobId: p.scheduledJobId });
    return { scheduledJobId: p.scheduledJobId };
  });
}

/** `POST /api/scheduled-jobs/{ns}/{id}/resume` */
export async function resumeScheduledJobCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  return run(`Could not resume schedule ${p.scheduledJobId}`, async () => {
    await resumeScheduledJob({ ...lib(p), namespace: p.namespace, scheduledJobId: p.scheduledJobId });
    return { scheduledJobId: p.scheduledJobId };
  });
}

/**
 * `POST /api/scheduled-jobs/{ns}/{id}/run` → the triggered job. 409 (a run is active and concurrency
 * is off; the library returns null) → `conflict`.
 */
export async function runScheduledJobNowCommand(p: Creds & { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ jobId: string; jobUrl: string }>> {
  try {
    const job = await runScheduledJob({ ...lib(p), namespace: p.namespace, scheduledJobId: p.scheduledJobId });
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
    await deleteScheduledJob({ ...lib(p), namespace: p.namespace, scheduledJobId: p.scheduledJobId });
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
