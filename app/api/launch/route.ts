import "server-only";
import { launchJobAction } from "@/lib/jobs/actions";
import { STATUS_OF } from "@/lib/errors";
import { LAUNCH_BODY_OVERHEAD_BYTES, MAX_LAUNCH_BYTES } from "@/lib/jobs/schema";

/**
 * POST /api/launch: the composer's launch, as a route so the browser can send the files with
 * XMLHttpRequest and show byte-accurate upload progress (server actions and fetch cannot report
 * upload progress). It runs the very same server action, `launchJobAction` (lib/jobs/actions.ts:
 * `authorize(namespace)` → validation → upload → run or schedule), with the same FormData
 * (`input` JSON + one `file` entry per dropped file, named by its relative path), and answers its
 * ActionResult as JSON.
 *
 * `input.useSessionTokenAs` ("add my token as HF_TOKEN") is resolved by the action on the server
 * (lib/jobs/prepare-launch passes the session's token to buildJobSpec), so the browser never holds it.
 *
 * Server actions get Next's same-origin check for free; a route does not, so a cross-site form post
 * (which would carry the session cookie) is refused here before anything is read.
 */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) {
    return Response.json({ ok: false, error: { code: "forbidden", message: "Cross-site launch refused." } }, { status: 403 });
  }
  const length = Number(request.headers.get("content-length") ?? NaN);
  if (length > MAX_LAUNCH_BYTES + LAUNCH_BODY_OVERHEAD_BYTES) {
    const message = `The files add up to more than ${MAX_LAUNCH_BYTES / 1024 / 1024} MiB, the most one launch can send through the app. Upload them with "hf buckets cp" or "hf upload-large-folder" and mount them as a volume instead.`;
    return Response.json(
      { ok: false, error: { code: "payload_too_large", message, fieldErrors: { files: [message] } } },
      { status: STATUS_OF.payload_too_large },
    );
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json(
      { ok: false, error: { code: "invalid_input", message: "The launch request is not multipart form data." } },
      { status: 400 },
    );
  }
  const result = await launchJobAction(form);
  return Response.json(result, { status: result.ok ? 200 : STATUS_OF[result.error.code] });
}

/** The `Origin` (sent by browsers on every POST) must name this host; `Sec-Fetch-Site` backs it up. */
function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  if (!origin) return site === "same-origin";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

