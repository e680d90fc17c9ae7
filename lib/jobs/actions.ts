"use server";

/**
 * Server actions of the job pipeline (STYLE.md convention 5): each one calls `authorize` first, then
 * validates its input with zod, then runs a service from lib/jobs, and returns an ActionResult —
 * expected failures are values (with field errors and the Hub's request id), bugs throw.
 *
 * `launchJobAction(formData)` FormData layout:
 * - `input`: the LaunchInput (lib/jobs/schema.ts) as JSON; `input.files` lists every file's relative
 *   path and size;
 * - each file as an entry named `file` whose File name is its relative path
 *   (`form.append("file", file, "configs/train.yaml")`). Entries named `file:<relative path>` are
 *   accepted too, for transports that strip folders from file names; and a `file` entry whose name is
 *   only the basename of the listed path at the same position is matched to that path.
 * It launches now, or creates a scheduled job when `input.schedule` is set.
 */
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import { hubCredentials } from "@/lib/hub/credentials";
import { forgetJobReads } from "@/lib/hub/namespace-reads";
import { fail, type ActionResult } from "@/lib/result";
import {
  cancelJobCommand,
  deleteScheduledJobCommand,
  duplicateJobCommand,
  type DuplicateResult,
  resumeScheduledJobCommand,
  runScheduledJobNowCommand,
  suspendScheduledJobCommand,
} from "./job-commands";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";
import { scheduleJob } from "./schedule-job";
import { HUB_ID_PATTERN, type LaunchInput, type LaunchResult } from "./schema";

const idSchema = z.string().regex(HUB_ID_PATTERN, "Not a job id");
const jobRefSchema = z.object({ namespace: z.string().min(1, "Choose a namespace"), jobId: idSchema });
const scheduledRefSchema = z.object({ namespace: z.string().min(1, "Choose a namespace"), scheduledJobId: idSchema });

/** Launches (or schedules, when `input.schedule` is set) a uv job from dropped files. See the FormData layout above. */
export async function launchJobAction(formData: FormData): Promise<ActionResult<LaunchResult>> {
  const rawInput = formData.get("input");
  let input: unknown = null;
  try {
    input = typeof rawInput === "string" ? JSON.parse(rawInput) : null;
  } catch {
    input = null;
  }
  const namespace = input && typeof input === "object" && typeof (input as { namespace?: unknown }).namespace === "string"
    ? (input as { namespace: string }).namespace
    : undefined;
  const auth = await authorize(namespace);
  if (!auth.ok) return auth;
  if (!input || typeof input !== "object" || namespace === undefined) {
    return fail({ code: "invalid_input", message: "The launch form is incomplete: reload the page and try again.", fieldErrors: { namespace: ["Choose a namespace"] } });
  }
  const files = filesFromFormData(formData, input as LaunchInput);
  const params = { ...hubCredentials(auth.data), input: input as LaunchInput, files };
  const result = await ((input as LaunchInput).schedule ? scheduleJob(params) : launchJob(params));
  forgetJobReads(namespace);
  return result;
}

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

function invalid(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.map(String).join(".") || "input"] ??= []).push(issue.message);
  const [field, msgs] = Object.entries(fieldErrors)[0] ?? ["input", ["invalid"]];
  return fail({ code: "invalid_input", message: `${field}: ${msgs[0]}`, fieldErrors });
}

/** Collects the dropped files from the FormData (layout documented at the top of this file). */
function filesFromFormData(formData: FormData, input: LaunchInput): LaunchFile[] {
  const listed = Array.isArray(input.files) ? input.files.map((f) => (f && typeof f.path === "string" ? f.path : "")) : [];
  const listedSet = new Set(listed);
  const files: LaunchFile[] = [];
  let position = 0;
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string") continue;
    if (key.startsWith("file:")) {
      files.push({ path: key.slice("file:".length), content: value });
    } else if (key === "file") {
      const atPosition = listed[position];
      let path = value.name;
      if (!listedSet.has(path) && atPosition && atPosition.split("/").at(-1) === path) path = atPosition;
      files.push({ path, content: value });
      position += 1;
    }
  }
  return files;
}
