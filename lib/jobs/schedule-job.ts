import "server-only";
import { createScheduledJob } from "@/lib/hub/create-scheduled-job";
import { deleteScheduledJob } from "@/lib/hub/delete-scheduled-job";
import { findScheduledJobByLabel } from "@/lib/hub/find-by-label";
import { getScheduledJob } from "@/lib/hub/get-scheduled-job";
import { toActionError } from "@/lib/hub/to-action-error";
import { scheduledJobWebUrl } from "@/lib/hub/web-urls";
import { fail, ok, type ActionResult } from "@/lib/result";
import { answerMayBeLost, lookUpAfterLoss, resultBase } from "./launch-job";
import { prepareLaunch, type LaunchParams } from "./prepare-launch";
import { LAUNCH_KEY_LABEL, type LaunchResult } from "./schema";
import { storedTimeoutSeconds } from "./stored-timeout";

/**
 * Creates a scheduled uv job: {@link prepareLaunch} (the upload happens once, here; every run mounts
 * the same folder, specs/hub-jobs-api.md §9.3), then `createScheduledJob` with `{jobSpec, schedule,
 * suspend, concurrency}` (§8.1), then reads the scheduled job back and checks the stored timeout
 * (`timeoutSeconds ?? timeout`, field cases B02, C05). A mismatch deletes the new schedule, so nothing
 * runs on the 30-minute default, and is reported as an error. A lost create answer, and a retry with
 * `input.resume`, look the schedule up by its `jobs-studio.launch` label first, as launchJob does.
 * @returns ActionResult<LaunchResult> with `scheduledJobId`; errors after the upload carry `folder`
 */
export async function scheduleJob(params: LaunchParams): Promise<ActionResult<LaunchResult>> {
  const prepared = await prepareLaunch(params);
  if (!prepared.ok) return prepared;
  const p = prepared.data;
  const hubUrl = params.hubUrl;
  const namespace = p.input.namespace;
  if (!p.input.schedule || !p.schedule) {
    return fail({ code: "invalid_input", message: "schedule.cron: enter a schedule", fieldErrors: { "schedule.cron": ["Enter a schedule"] } });
  }
  const creds = { hubUrl, accessToken: params.accessToken, fetch: params.fetch };
  const lookup = { ...creds, namespace, label: LAUNCH_KEY_LABEL, value: p.launchKey };
  let id: string | undefined;
  let recovered = false;
  if (p.input.resume) {
    try {
      id = (await findScheduledJobByLabel(lookup))?.id;
      recovered = id !== undefined;
    } catch (err) {
      const m = toActionError(err, "Could not check whether the earlier attempt created the schedule");
      if (!m) throw err;
      return fail({ ...m, folder: p.folder, mayHaveStarted: true });
    }
  }
  if (id === undefined) {
    try {
      const created = await createScheduledJob({
        namespace,
        ...creds,
        spec: p.spec,
        schedule: p.schedule,
        suspend: p.input.schedule.suspend,
        concurrency: p.input.schedule.concurrency,
      });
      id = created.id;
    } catch (err) {
      const m = toActionError(err, "Your files are uploaded, but the schedule could not be created");
      if (!m) throw err;
      if (!answerMayBeLost(err, m)) return fail({ ...m, folder: p.folder });
      const existing = await lookUpAfterLoss(() => findScheduledJobByLabel(lookup));
      if (existing === "unknown") {
        return fail({
          code: m.code,
          message: "The Hub did not answer whether the schedule was created, and it could not be checked. Retry: the retry looks for it first and never creates a second one.",
          folder: p.folder,
          mayHaveStarted: true,
        });
      }
      if (!existing) return fail({ ...m, folder: p.folder });
      id = existing.id;
      recovered = true;
    }
  }
  if (id === undefined) throw new Error("unreachable: a schedule id is set above or we returned");

  if (p.spec.timeoutSeconds !== undefined) {
    try {
      const stored = await getScheduledJob({ namespace, scheduledJobId: id, ...creds });
      const seconds = storedTimeoutSeconds(stored.jobSpec);
      if (seconds !== p.spec.timeoutSeconds) {
        await deleteScheduledJob({ namespace, scheduledJobId: id, ...creds }).catch(() => undefined);
        return fail({
          code: "hub_error",
          message: `The Hub stored a timeout of ${seconds === null ? "none (the 30-minute default)" : `${seconds} s`} instead of ${p.spec.timeoutSeconds} s, so the schedule was removed. Retry; if it persists, report it.`,
          folder: p.folder,
        });
      }
    } catch (err) {
      const m = toActionError(err, `The schedule ${id} was created but could not be read back`);
      if (!m) throw err;
      return fail({ ...m, folder: p.folder });
    }
  }
  return ok({ ...resultBase(hubUrl, p), scheduledJobId: id, jobUrl: scheduledJobWebUrl(hubUrl, namespace, id), ...(recovered ? { recovered } : {}) });
}
