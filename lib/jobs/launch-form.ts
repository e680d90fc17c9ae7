import "server-only";
import { authorize } from "@/lib/auth/authorize";
import { hubCredentials } from "@/lib/hub/credentials";
import { forgetJobReads } from "@/lib/hub/namespace-reads";
import { fail, type ActionResult } from "@/lib/result";
import { formFilePath } from "./form-file-path";
import { launchJob } from "./launch-job";
import type { LaunchFile } from "./prepare-launch";
import { scheduleJob } from "./schedule-job";
import type { LaunchInput, LaunchResult } from "./schema";

/**
 * The one launch path: what POST /api/launch (app/api/launch/route.ts) runs with the request's FormData
 * once its files are spooled. Server-only; not a server action (the browser sends the form with
 * XMLHttpRequest to show upload progress, components/api/launch/send-launch.ts).
 *
 * FormData layout:
 * - `input`: the LaunchInput (lib/jobs/schema.ts) as JSON; `input.files` lists every file's relative
 *   path and size;
 * - each file as an entry named `file` whose File name is its relative path
 *   (`form.append("file", file, "configs/train.yaml")`). Entries named `file:<relative path>` are
 *   accepted too, for transports that strip folders from file names; and a `file` entry whose name is
 *   only the basename of the listed path at the same position is matched to that path.
 *
 * Order: `authorize(input.namespace)` first, then the service — {@link launchJob}, or
 * {@link scheduleJob} when `input.schedule` is set — which parses the input once with
 * `launchInputSchema` (lib/jobs/prepare-launch.ts). The namespace's cached job reads are dropped after.
 * @returns the service's ActionResult; `unauthenticated`/`forbidden` from authorize; `invalid_input`
 *   naming `namespace` when `input` is missing or not JSON
 */
export async function launchFromForm(form: FormData | LaunchFormEntries): Promise<ActionResult<LaunchResult>> {
  const formData: FormEntry[] = form instanceof FormData ? [...form.entries()] : [...form];
  const input = inputOf(formData);
  const namespace = input !== null && typeof (input as { namespace?: unknown }).namespace === "string" ? (input as { namespace: string }).namespace : undefined;
  const auth = await authorize(namespace);
  if (!auth.ok) return auth;
  if (input === null || namespace === undefined) {
    return fail({ code: "invalid_input", message: "The launch form is incomplete: reload the page and try again.", fieldErrors: { namespace: ["Choose a namespace"] } });
  }
  // `input` is unparsed here on purpose: prepareLaunch parses it, once, and answers field errors.
  const launchInput = input as LaunchInput;
  const params = { ...hubCredentials(auth.data), input: launchInput, files: filesFromFormData(formData, launchInput) };
  const result = await (launchInput.schedule ? scheduleJob(params) : launchJob(params));
  forgetJobReads(namespace);
  return result;
}

/** One entry of a launch form: a text field, or a file (a File, or a still-arriving PendingFile). */
export type FormEntry = [string, string | (Blob & { name: string })];

/**
 * A launch form as its entries in order, as `FormData.entries()` gives them: what the route passes
 * (lib/jobs/receive-launch-form.ts), where a large file may still be arriving. Not a FormData, which
 * would copy every Blob it is given into a new File.
 */
export type LaunchFormEntries = Iterable<FormEntry>;

/** The `input` entry as a JSON object, or null. */
function inputOf(formData: FormEntry[]): object | null {
  const raw = formData.find(([key]) => key === "input")?.[1];
  try {
    const value: unknown = typeof raw === "string" ? JSON.parse(raw) : null;
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

/** Collects the dropped files from the FormData (layout documented on {@link launchFromForm}). */
function filesFromFormData(formData: FormEntry[], input: LaunchInput): LaunchFile[] {
  const listed = listedPaths(input);
  const files: LaunchFile[] = [];
  let position = 0;
  for (const [key, value] of formData) {
    if (typeof value === "string" || (key !== "file" && !key.startsWith("file:"))) continue;
    files.push({ path: formFilePath(key, value.name, position, listed), content: value });
    if (key === "file") position += 1;
  }
  return files;
}

/** `input.files[].path` in order, "" where an entry has no string path (the parse reports those). */
function listedPaths(input: { files?: unknown }): string[] {
  return Array.isArray(input.files) ? input.files.map((f: unknown) => (f && typeof (f as { path?: unknown }).path === "string" ? (f as { path: string }).path : "")) : [];
}
