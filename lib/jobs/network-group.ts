import "server-only";
import type { ApiJob } from "@/lib/hub/api-types";
import { cancelJob } from "@/lib/hub/cancel-job";
import type { HubCall } from "@/lib/hub/credentials";
import { getJob } from "@/lib/hub/get-job";
import { listJobsPage } from "@/lib/hub/list-jobs-page";
import { toActionError } from "@/lib/hub/to-action-error";
import { fail, ok, type ActionResult } from "@/lib/result";
import { isTerminal } from "./stage";

/**
 * The members of one network group (a replicated launch, issue 13 item 4) and "Cancel all". The
 * Hub has no group endpoint: members are the namespace's jobs whose `network.group` is the name
 * (specs/hub-jobs-2x.md: the job object echoes `network`).
 */

/** Most list pages read to find a group's members (the Hub lists newest first; a group is one launch). */
const MAX_PAGES = 10;
/** How long {@link cancelGroupCommand} re-reads members that were told to cancel, ms; then it answers their stage as is. */
const RECHECK_MS = 10_000;

/**
 * @returns the members, in the Hub's list order, at most {@link MAX_PAGES} pages deep
 * @throws HubApiError / network errors from listJobsPage
 */
export async function listGroupMembers(p: HubCall & { namespace: string; group: string }): Promise<ApiJob[]> {
  const members: ApiJob[] = [];
  let pageUrl: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const r = await listJobsPage({ hubUrl: p.hubUrl, accessToken: p.accessToken, namespace: p.namespace, fetch: p.fetch, ...(pageUrl ? { pageUrl } : {}) });
    members.push(...r.jobs.filter((j) => j.network?.group === p.group));
    if (!r.nextPageUrl) break;
    pageUrl = r.nextPageUrl;
  }
  return members;
}

/** One member after "Cancel all": its stage as a GET answered after the cancel. */
export interface CancelledMember {
  jobId: string;
  stage: string;
}

/**
 * Cancels every active member of `group` (`POST /api/jobs/{ns}/{id}/cancel` each), then re-reads
 * each cancelled one by GET until it is final or {@link RECHECK_MS} passed (the cancel's answer is not
 * trusted as "cancelled", field case B35).
 * @returns every member with its stage as last read; `not_found` when the group has no member;
 *   a member whose cancel failed makes the whole result an error naming it (the others were still asked)
 */
export async function cancelGroupCommand(p: HubCall & { namespace: string; group: string }): Promise<ActionResult<{ members: CancelledMember[] }>> {
  let members: ApiJob[];
  try {
    members = await listGroupMembers(p);
  } catch (err) {
    const m = toActionError(err, `Could not list network group ${p.group}`);
    if (!m) throw err;
    return fail(m);
  }
  if (members.length === 0) return fail({ code: "not_found", message: `Network group ${p.group} has no jobs in ${p.namespace}` });
  const call = { hubUrl: p.hubUrl, accessToken: p.accessToken, namespace: p.namespace, fetch: p.fetch };
  const active = members.filter((j) => !isTerminal(j.status.stage));
  const failures: string[] = [];
  await Promise.all(
    active.map(async (j) => {
      try {
        await cancelJob({ ...call, jobId: j.id });
      } catch (err) {
        const m = toActionError(err, `Could not cancel ${j.id}`);
        if (!m) throw err;
        failures.push(`${j.id}: ${m.message}`);
      }
    }),
  );
  const stages = new Map(members.map((j) => [j.id, j.status.stage]));
  const deadline = Date.now() + RECHECK_MS;
  for (;;) {
    const pending = active.filter((j) => !isTerminal(stages.get(j.id) ?? ""));
    if (pending.length === 0 || Date.now() > deadline) break;
    await Promise.all(
      pending.map(async (j) => {
        try {
          stages.set(j.id, (await getJob({ ...call, jobId: j.id })).status.stage);
        } catch {
          // A failed re-read leaves the stage as last known; the page keeps polling.
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 250));
  }
  if (failures.length > 0) return fail({ code: "hub_error", message: `Some members could not be cancelled: ${failures.join("; ")}` });
  return ok({ members: members.map((j) => ({ jobId: j.id, stage: stages.get(j.id) ?? j.status.stage })) });
}
