import "server-only";
import type { ApiJob } from "@/lib/hub/api-types";
import { findJobByLabel } from "@/lib/hub/find-by-label";
import { runJob } from "@/lib/hub/run-job";
import { toActionError } from "@/lib/hub/to-action-error";
import { jobWebUrl } from "@/lib/hub/web-urls";
import { fail, ok, type ActionResult } from "@/lib/result";
import { answerMayBeLost, lookUpAfterLoss, resultBase } from "./launch-outcome";
import type { LaunchParams, PreparedLaunch } from "./prepare-launch";
import { replicaSpecs } from "./replicas";
import { LAUNCH_KEY_LABEL, type LaunchResult } from "./schema";
import { toJobView } from "./view";

/**
 * Starts the replicas of a prepared launch (`input.replicas` > 1) as one network group
 * (./replicas.ts for the specs), one `POST /api/jobs/{ns}` each, rank order, after the one upload.
 *
 * Idempotent as one launch: each replica carries its own launch key (`{launchKey}.r{rank}`). With
 * `input.resume` every rank is looked up first and only the missing ones are created; a create whose
 * answer is lost is looked up by its key. A failure after some replicas started answers
 * `mayHaveStarted: true` (the composer then retries with `resume`, which starts only the missing
 * ones), so a retry never starts a replica twice.
 * @returns the group's name and ids (rank 0 as `jobId`); errors as ActionResult; bugs throw
 */
export async function launchReplicas(params: LaunchParams, p: PreparedLaunch): Promise<ActionResult<LaunchResult>> {
  const { hubUrl, accessToken } = params;
  const namespace = p.input.namespace;
  const replicas = replicaSpecs(p.spec, { count: p.input.replicas, launchKey: p.launchKey });
  const group = p.spec.network?.group ?? "";
  const jobs: { id: string; job?: ApiJob }[] = [];
  let recovered = false;
  for (const r of replicas) {
    const lookup = { hubUrl, accessToken, namespace, label: LAUNCH_KEY_LABEL, value: r.launchKey, fetch: params.fetch };
    const partial = jobs.length > 0 ? ` (${jobs.length} of ${replicas.length} replicas started; Retry starts only the missing ones)` : "";
    if (p.input.resume) {
      try {
        const existing = await findJobByLabel(lookup);
        if (existing) {
          jobs.push({ id: existing.id });
          recovered = true;
          continue;
        }
      } catch (err) {
        const m = toActionError(err, "Could not check which replicas the earlier attempt started");
        if (!m) throw err;
        return fail({ ...m, folder: p.folder, mayHaveStarted: true });
      }
    }
    try {
      const job = await runJob({ hubUrl, accessToken, fetch: params.fetch, namespace, spec: r.spec });
      jobs.push({ id: job.id, job });
    } catch (err) {
      const m = toActionError(err, `Replica ${r.rank} could not start${partial}`);
      if (!m) throw err;
      const lost = answerMayBeLost(err, m);
      const existing = lost ? await lookUpAfterLoss(() => findJobByLabel(lookup)) : null;
      if (existing && existing !== "unknown") {
        jobs.push({ id: existing.id });
        recovered = true;
        continue;
      }
      // Some replicas are running: the retry must look them up rather than start them again.
      return fail({ ...m, message: `${m.message}${partial}`, folder: p.folder, ...(lost || jobs.length > 0 ? { mayHaveStarted: true } : {}) });
    }
  }
  const first = jobs[0];
  if (!first) throw new Error("launchReplicas: no replica");
  return ok({
    ...resultBase(hubUrl, p),
    jobId: first.id,
    ...(first.job ? { job: toJobView(first.job, namespace) } : {}),
    jobUrl: jobWebUrl(hubUrl, namespace, first.id),
    group: { name: group, jobIds: jobs.map((j) => j.id) },
    ...(recovered ? { recovered: true } : {}),
  });
}
