"use server";

/**
 * Server actions of the job pipeline (STYLE.md convention 5), the ones the browser calls (job and
 * schedule buttons): each one calls `authorize` first, then validates its input with zod, then runs a
 * command from lib/jobs/job-commands.ts, and returns an ActionResult — expected failures are values
 * (with field errors and the Hub's request id), bugs throw. The launch is not an action: POST
 * /api/launch runs lib/jobs/launch-form.ts.
 */
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import { hubCredentials } from "@/lib/hub/credentials";
import { forgetJobReads } from "@/lib/hub/namespace-reads";
import type { ActionResult } from "@/lib/result";
import { invalidInput, zodFieldErrors } from "@/lib/zod-field-errors";
import {
  cancelJobCommand,
  deleteScheduledJobCommand,
  duplicateJobCommand,
  type DuplicateResult,
  resumeScheduledJobCommand,
  runScheduledJobNowCommand,
  suspendScheduledJobCommand,
} from "./job-commands";
import { cancelGroupCommand, type CancelledMember } from "./network-group";
import { replaceScheduledJob, type ReplaceResult, type ScheduleEdit } from "./replace-schedule";
import { HUB_ID_PATTERN } from "./schema";

const idSchema = z.string().regex(HUB_ID_PATTERN, "Not a job id");
const jobRefSchema = z.object({ namespace: z.string().min(1, "Choose a namespace"), jobId: idSchema });
const scheduledRefSchema = z.object({ namespace: z.string().min(1, "Choose a namespace"), scheduledJobId: idSchema });

/** Cancels a job. The result does not mean the job is CANCELED yet: re-read its stage (B35). */
export async function cancelJobAction(params: { namespace: string; jobId: string }): Promise<ActionResult<{ jobId: string }>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = jobRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await cancelJobCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

/**
 * Re-runs a job with the same spec. A job with an artifacts folder gets a fresh folder holding copies
 * of its inputs (never the original's folder, whose outputs it would overwrite); a job with secrets
 * and a folder is refused with `conflict` (use Edit and re-run). See `duplicateJobCommand`.
 */
export async function duplicateJobAction(params: { namespace: string; jobId: string }): Promise<ActionResult<DuplicateResult>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = jobRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await duplicateJobCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

/** Pauses a schedule. */
export async function suspendScheduledJobAction(params: { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = scheduledRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await suspendScheduledJobCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

/** Resumes a paused schedule. */
export async function resumeScheduledJobAction(params: { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = scheduledRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await resumeScheduledJobCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

/** Runs a schedule once now → the new job; `conflict` when a run is active and concurrency is off. */
export async function runScheduledJobNowAction(params: { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ jobId: string; jobUrl: string }>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = scheduledRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await runScheduledJobNowCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

/** Deletes a schedule (its artifacts folder stays in the bucket). */
export async function deleteScheduledJobAction(params: { namespace: string; scheduledJobId: string }): Promise<ActionResult<{ scheduledJobId: string }>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = scheduledRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await deleteScheduledJobCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

const scheduleEditSchema = scheduledRefSchema.extend({
  cron: z.string().trim().min(1, "Enter a schedule"),
  timeZone: z.string().trim().max(100).optional(),
  concurrency: z.boolean(),
  secrets: z.record(z.string(), z.string()).optional(),
});

/**
 * Edits a schedule: the Hub has no update, so a new schedule is created (new cron, same spec, linked
 * to the old one by labels) and then the old one deleted; see `replaceScheduledJob` for the order and
 * what is returned when the delete fails (both exist).
 */
export async function editScheduledJobAction(params: ScheduleEdit): Promise<ActionResult<ReplaceResult>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = scheduleEditSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await replaceScheduledJob({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}

function invalid(error: z.ZodError): ActionResult<never> {
  return invalidInput(zodFieldErrors(error));
}

// --- issue 13 item 4: a replicated launch's network group ---
const groupRefSchema = z.object({ namespace: z.string().min(1, "Choose a namespace"), group: z.string().regex(/^[a-z0-9-]{1,46}$/, "Not a network group name") });

/**
 * Cancels every active member of a network group, then re-reads each by GET (lib/jobs/network-group.ts
 * `cancelGroupCommand`): the answer lists each member's stage as last read.
 */
export async function cancelGroupAction(params: { namespace: string; group: string }): Promise<ActionResult<{ members: CancelledMember[] }>> {
  const auth = await authorize(params?.namespace);
  if (!auth.ok) return auth;
  const p = groupRefSchema.safeParse(params);
  if (!p.success) return invalid(p.error);
  const result = await cancelGroupCommand({ ...hubCredentials(auth.data), ...p.data });
  forgetJobReads(p.data.namespace);
  return result;
}
