import "server-only";
import { authorize } from "@/lib/auth/authorize";
import { hubCredentials } from "@/lib/hub/credentials";
import { forgetJobReads } from "@/lib/hub/namespace-reads";
import { fail, type ActionResult } from "@/lib/result";
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
export async function launchFromForm(formData: FormData): Promise<ActionResult<LaunchResult>> {
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

/** The `input` entry as a JSON object, or null. */
function inputOf(formData: FormData): object | null {
  const raw = formData.get("input");
  try {
    const value: unknown = typeof raw === "string" ? JSON.parse(raw) : null;
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

/** Collects the dropped files from the FormData (layout documented on {@link launchFromForm}). */
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
