import "server-only";
import { runJob } from "@huggingface/hub";
import { toActionError } from "@/lib/hub/to-action-error";
import { folderWebUrl, jobWebUrl } from "@/lib/hub/web-urls";
import { fail, ok, type ActionResult } from "@/lib/result";
import type { JobSpec } from "./build-job-spec";
import { prepareLaunch, type LaunchParams, type PreparedLaunch } from "./prepare-launch";
import type { LaunchResult } from "./schema";
import { toJobView } from "./view";

type RunJobParams = Parameters<typeof runJob>[0];

/**
 * Runs a uv job now: {@link prepareLaunch} (validate, bucket, one upload commit), then `runJob`
 * (`POST /api/jobs/{ns}`, specs/hub-jobs-api.md §4).
 *
 * If the job cannot be created after the upload, the error carries `folder`: send it back as
 * `input.reuseFolder` and the retry checks that folder and launches without uploading again.
 * @returns ActionResult<LaunchResult>; bugs throw
 */
export async function launchJob(params: LaunchParams): Promise<ActionResult<LaunchResult>> {
  const prepared = await prepareLaunch(params);
  if (!prepared.ok) return prepared;
  const p = prepared.data;
  const hubUrl = params.hubUrl.replace(/\/+$/, "");
  try {
    const job = await runJob({
      namespace: p.input.namespace,
      hubUrl,
      accessToken: params.accessToken,
      fetch: params.fetch,
      ...toLibraryJobSpec(p.spec),
    });
    return ok({ ...resultBase(hubUrl, p), jobId: job.id, job: toJobView(job, p.input.namespace), jobUrl: jobWebUrl(hubUrl, p.input.namespace, job.id) });
  } catch (err) {
    const m = toActionError(err, "Your files are uploaded, but the job could not start");
    if (!m) throw err;
    return fail({ ...m, folder: p.folder });
  }
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

/**
 * Our wire-shaped spec → @huggingface/hub's `CreateJobOptions` (volumes as `{type, name}` designations,
 * which the library turns back into `{type, source}` on the wire). `arguments: []` is kept, as the
 * Python client sends it.
 */
export function toLibraryJobSpec(spec: JobSpec): Omit<RunJobParams, "namespace" | "hubUrl" | "fetch" | "accessToken" | "credentials"> {
  return {
    ...(spec.dockerImage ? { dockerImage: spec.dockerImage } : {}),
    ...(spec.spaceId ? { spaceId: spec.spaceId } : {}),
    command: spec.command,
    arguments: spec.arguments,
    environment: spec.environment,
    ...(spec.secrets ? { secrets: spec.secrets } : {}),
    flavor: spec.flavor as RunJobParams["flavor"],
    ...(spec.timeoutSeconds !== undefined ? { timeoutSeconds: spec.timeoutSeconds } : {}),
    labels: spec.labels,
    volumes: spec.volumes.map(({ type, source, ...rest }) => ({ source: { type, name: source }, ...rest })),
  };
}
