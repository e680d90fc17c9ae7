import "server-only";
import { findJobByLabel } from "@/lib/hub/find-by-label";
import { runJob } from "@/lib/hub/run-job";
import { toActionError } from "@/lib/hub/to-action-error";
import { jobWebUrl } from "@/lib/hub/web-urls";
import { fail, ok, type ActionResult } from "@/lib/result";
import { launchReplicas } from "./launch-replicas";
import { answerMayBeLost, lookUpAfterLoss, resultBase } from "./launch-outcome";
import { prepareLaunch, type LaunchParams } from "./prepare-launch";

// Moved to ./launch-outcome.ts (shared with ./launch-replicas.ts); re-exported for existing callers.
export { answerMayBeLost, lookUpAfterLoss, resultBase } from "./launch-outcome";
import { LAUNCH_KEY_LABEL, type LaunchResult } from "./schema";
import { toJobView } from "./view";

/**
 * Runs a uv job now: {@link prepareLaunch} (validate, bucket, one upload commit), then lib/hub's
 * `runJob` with the built spec as is (`POST /api/jobs/{ns}`, specs/hub-jobs-api.md §4).
 *
 * If the job cannot be created after the upload, the error carries `folder`: send it back as
 * `input.reuseFolder` and the retry checks that folder and launches without uploading again.
 *
 * One launch is one job (DESIGN.md principles): the job carries the `jobs-studio.launch=<launchKey>`
 * label. When the create call gets no clear answer (connection lost, timeout, 5xx — the Hub may have
 * created the job), the job is looked up by that label before anything else; found = success with
 * `recovered: true`. With `input.resume` (the composer's retry of an uncertain attempt) the lookup
 * comes first and a found job is answered without creating another.
 * @returns ActionResult<LaunchResult>; `mayHaveStarted` on an error when neither the create call nor
 *   the lookup answered; bugs throw
 */
export async function launchJob(params: LaunchParams): Promise<ActionResult<LaunchResult>> {
  const prepared = await prepareLaunch(params);
  if (!prepared.ok) return prepared;
  const p = prepared.data;
  if (p.input.replicas > 1) return launchReplicas(params, p);
  const hubUrl = params.hubUrl;
  const lookup = { hubUrl, accessToken: params.accessToken, namespace: p.input.namespace, label: LAUNCH_KEY_LABEL, value: p.launchKey, fetch: params.fetch };
  const found = (jobId: string) =>
    ok({ ...resultBase(hubUrl, p), jobId, jobUrl: jobWebUrl(hubUrl, p.input.namespace, jobId), recovered: true });
  if (p.input.resume) {
    try {
      const existing = await findJobByLabel(lookup);
      if (existing) return found(existing.id);
    } catch (err) {
      const m = toActionError(err, "Could not check whether the earlier attempt started the job");
      if (!m) throw err;
      return fail({ ...m, folder: p.folder, mayHaveStarted: true });
    }
  }
  try {
    const job = await runJob({ hubUrl, accessToken: params.accessToken, fetch: params.fetch, namespace: p.input.namespace, spec: p.spec });
    return ok({ ...resultBase(hubUrl, p), jobId: job.id, job: toJobView(job, p.input.namespace), jobUrl: jobWebUrl(hubUrl, p.input.namespace, job.id) });
  } catch (err) {
    const m = toActionError(err, "Your files are uploaded, but the job could not start");
    if (!m) throw err;
    if (!answerMayBeLost(err, m)) return fail({ ...m, folder: p.folder });
    const existing = await lookUpAfterLoss(() => findJobByLabel(lookup));
    if (existing === "unknown") {
      return fail({
        code: m.code,
        message: "The Hub did not answer whether the job started, and it could not be checked. Retry: the retry looks for the job first and never starts a second one.",
        folder: p.folder,
        mayHaveStarted: true,
      });
    }
    if (existing) return found(existing.id);
    return fail({ ...m, folder: p.folder });
  }
}
