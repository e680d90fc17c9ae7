import "server-only";
import { createScheduledJob, deleteScheduledJob, getScheduledJob } from "@huggingface/hub";
import { toActionError } from "@/lib/hub/to-action-error";
import { scheduledJobWebUrl } from "@/lib/hub/web-urls";
import { fail, ok, type ActionResult } from "@/lib/result";
import { resultBase, toLibraryJobSpec } from "./launch-job";
import { prepareLaunch, type LaunchParams } from "./prepare-launch";
import type { LaunchResult } from "./schema";
import { storedTimeoutSeconds } from "./stored-timeout";

/**
 * Creates a scheduled uv job: {@link prepareLaunch} (the upload happens once, here; every run mounts
 * the same folder, specs/hub-jobs-api.md §9.3), then `createScheduledJob` with `{jobSpec, schedule,
 * suspend, concurrency}` (§8.1), then reads the scheduled job back and checks the stored timeout
 * (`timeoutSeconds ?? timeout`, field cases B02, C05). A mismatch deletes the new schedule, so nothing
 * runs on the 30-minute default, and is reported as an error.
 * @returns ActionResult<LaunchResult> with `scheduledJobId`; errors after the upload carry `folder`
 */
export async function scheduleJob(params: LaunchParams): Promise<ActionResult<LaunchResult>> {
  const prepared = await prepareLaunch(params);
  if (!prepared.ok) return prepared;
  const p = prepared.data;
  const hubUrl = params.hubUrl.replace(/\/+$/, "");
  const namespace = p.input.namespace;
  if (!p.input.schedule || !p.schedule) {
    return fail({ code: "invalid_input", message: "schedule.cron: enter a schedule", fieldErrors: { "schedule.cron": ["Enter a schedule"] } });
  }
  const creds = { hubUrl, accessToken: params.accessToken, fetch: params.fetch };
  const { arguments: _args, ...jobSpec } = toLibraryJobSpec(p.spec);
  void _args; // the library's scheduled jobSpec type has no `arguments` (specs/hub-jobs-api.md §8.1)
  let id: string;
  try {
    const created = await createScheduledJob({
      namespace,
      ...creds,
      jobSpec,
      schedule: p.schedule,
      suspend: p.input.schedule.suspend,
      concurrency: p.input.schedule.concurrency,
    });
    id = created.id;
  } catch (err) {
    const m = toActionError(err, "Your files are uploaded, but the schedule could not be created");
    if (!m) throw err;
    return fail({ ...m, folder: p.folder });
  }

  if (p.spec.timeoutSeconds !== undefined) {
    try {
      const stored = await getScheduledJob({ namespace, jobId: id, ...creds });
      const seconds = storedTimeoutSeconds(stored.jobSpec);
      if (seconds !== p.spec.timeoutSeconds) {
        await deleteScheduledJob({ namespace, jobId: id, ...creds }).catch(() => undefined);
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
  return ok({ ...resultBase(hubUrl, p), scheduledJobId: id, jobUrl: scheduledJobWebUrl(hubUrl, namespace, id) });
}
