import "server-only";
import type { ApiJob } from "@/lib/hub/api-types";
import { createScheduledJob } from "@/lib/hub/create-scheduled-job";
import type { HubCall } from "@/lib/hub/credentials";
import { deleteScheduledJob } from "@/lib/hub/delete-scheduled-job";
import { getScheduledJob } from "@/lib/hub/get-scheduled-job";
import { toActionError } from "@/lib/hub/to-action-error";
import { fail, ok, type ActionResult } from "@/lib/result";
import { APP_LABELS } from "./constants";
import { checkCron } from "./cron";
import { jobSpecOf } from "./job-spec-of";
import { replacementLabels } from "./schedule-labels";
import { zonedCronToUtc } from "./zoned-cron";

/** What an edit asks for: the new cron (in `timeZone`, `UTC` or empty = UTC), overlap, and the secrets' values. */
export interface ScheduleEdit {
  namespace: string;
  scheduledJobId: string;
  cron: string;
  timeZone?: string;
  concurrency: boolean;
  /** a value for every secret name of the old schedule (the Hub never returns secret values, §7.1/§12 q2) */
  secrets?: Record<string, string>;
}

/** The outcome: the new schedule, and whether the old one is gone (`deleted: false` = both exist, `deleteError` says why). */
export interface ReplaceResult {
  scheduledJobId: string;
  replacedId: string;
  schedule: string;
  deleted: boolean;
  deleteError?: string;
}

/**
 * Edits a schedule the only way the Hub allows: it has no update (specs/hub-jobs-api.md §8 lists
 * create/get/delete/suspend/resume/run), so a new schedule is created from the old one's spec
 * (read back with `jobSpecOf`, the Duplicate mapping) with the new cron, and then the old one is
 * deleted. Order matters: if the create fails nothing is deleted (the old schedule runs on); if the
 * delete fails both exist and the result says so (`deleted: false`). The new schedule carries the
 * lineage labels (lib/jobs/schedule-labels.ts) so its page lists the runs of every schedule it
 * replaced, and the zone label when the cron was written in a zone (the Hub gets the UTC cron).
 * The schedule's suspended state is kept.
 * @returns ActionResult<ReplaceResult>; `invalid_input` with `fieldErrors` (`cron`, `timeZone`,
 *   `secrets.NAME`) before anything is sent
 */
export async function replaceScheduledJob(p: HubCall & ScheduleEdit): Promise<ActionResult<ReplaceResult>> {
  const creds = { hubUrl: p.hubUrl, accessToken: p.accessToken, fetch: p.fetch };
  const zone = p.timeZone && p.timeZone !== "UTC" ? p.timeZone : null;
  let schedule: string;
  if (zone) {
    const z = zonedCronToUtc({ schedule: p.cron, timeZone: zone });
    if (!z.ok) return fail({ code: "invalid_input", message: `${z.error.field}: ${z.error.message}`, fieldErrors: { [z.error.field === "timeZone" ? "timeZone" : "cron"]: [z.error.message] } });
    schedule = z.utcSchedule;
  } else {
    const c = checkCron({ schedule: p.cron, count: 1 });
    if (!c.ok) return fail({ code: "invalid_input", message: `cron: ${c.message}`, fieldErrors: { cron: [c.message] } });
    schedule = c.schedule;
  }

  let old;
  try {
    old = await getScheduledJob({ ...creds, namespace: p.namespace, scheduledJobId: p.scheduledJobId });
  } catch (err) {
    const m = toActionError(err, `Could not read the schedule ${p.scheduledJobId}; nothing was changed`);
    if (!m) throw err;
    return fail(m);
  }
  const raw = old as unknown as Record<string, unknown>;
  // A scheduled job's jobSpec has the job object's spec fields (§8.2), so the Duplicate mapping reads it.
  const specRaw = (raw.jobSpec ?? raw.job_spec ?? {}) as ApiJob;
  const { spec, secretNames } = jobSpecOf(specRaw);
  const missing = secretNames.filter((n) => !p.secrets?.[n]);
  if (missing.length > 0) {
    return fail({
      code: "invalid_input",
      message: `The Hub never returns secret values: enter ${missing.join(", ")} again for the new schedule.`,
      fieldErrors: Object.fromEntries(missing.map((n) => [`secrets.${n}`, [`Enter the value of ${n}`]])),
    });
  }
  const newSpec = {
    ...spec,
    ...(secretNames.length > 0 ? { secrets: Object.fromEntries(secretNames.map((n) => [n, p.secrets?.[n] ?? ""])) } : {}),
    labels: replacementLabels({ oldId: p.scheduledJobId, oldLabels: spec.labels ?? {}, cron: p.cron, timeZone: zone, appLabels: APP_LABELS }),
  };

  let created: { id: string };
  try {
    created = await createScheduledJob({ ...creds, namespace: p.namespace, spec: newSpec, schedule, suspend: raw.suspend === true, concurrency: p.concurrency });
  } catch (err) {
    const m = toActionError(err, `The new schedule could not be created, so the schedule ${p.scheduledJobId} was left as it was`);
    if (!m) throw err;
    return fail(m);
  }
  try {
    await deleteScheduledJob({ ...creds, namespace: p.namespace, scheduledJobId: p.scheduledJobId });
  } catch (err) {
    const m = toActionError(err, "delete failed");
    if (!m) throw err;
    return ok({ scheduledJobId: created.id, replacedId: p.scheduledJobId, schedule, deleted: false, deleteError: m.message });
  }
  return ok({ scheduledJobId: created.id, replacedId: p.scheduledJobId, schedule, deleted: true });
}
