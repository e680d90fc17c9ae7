import "server-only";
import { authorize } from "@/lib/auth/authorize";
import { STATUS_OF } from "@/lib/errors";
import { launchFromForm } from "@/lib/jobs/launch-form";
import { LAUNCH_BODY_OVERHEAD_BYTES, MAX_LAUNCH_BYTES } from "@/lib/jobs/schema";
import { receiveLaunchForm, type SpoolError } from "@/lib/jobs/receive-launch-form";

/**
 * POST /api/launch: the composer's launch, as a route so the browser can send the files with
 * XMLHttpRequest and show byte-accurate upload progress (server actions and fetch cannot report
 * upload progress). It hands the FormData (`input` JSON + one `file` entry per dropped file, named by
 * its relative path) to the one launch path, `launchFromForm` (lib/jobs/launch-form.ts:
 * `authorize(namespace)` → one parse → upload → run or schedule), and answers its ActionResult as JSON.
 *
 * `input.useSessionTokenAs` ("add my token as HF_TOKEN") is resolved on the server
 * (lib/jobs/prepare-launch passes the session's token to buildJobSpec), so the browser never holds it.
 *
 * Server actions get Next's same-origin check for free; a route does not, so a cross-site form post
 * (which would carry the session cookie) is refused here before anything is read.
 *
 * Memory and speed (issue 15): the body is never held. proxy.ts does not run for this path (Next
 * buffers every body the proxy sees), the session is checked before the body is read, and
 * lib/jobs/receive-launch-form.ts writes small files to a temp folder and hands a large file to the
 * launch while it is still arriving, so its upload reads it from the request as it comes (the client
 * waits for the upload: backpressure) instead of after the whole body. The answer is sent once the
 * body has been read to its end. A launch costs the upload's own buffers (a few xorbs), not its size;
 * {@link MAX_LAUNCH_BYTES} is bounded by the temp folder's free disk space (for files sent before
 * the entry script, or while the upload is not reading yet).
 */
export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) {
    return Response.json({ ok: false, error: { code: "forbidden", message: "Cross-site launch refused." } }, { status: 403 });
  }
  const length = Number(request.headers.get("content-length") ?? NaN);
  if (length > MAX_LAUNCH_BYTES + LAUNCH_BODY_OVERHEAD_BYTES) {
    const message = `The files add up to more than ${MAX_LAUNCH_BYTES / 1024 ** 3} GiB, the most one launch can send through the app. Upload them with "hf buckets cp" or "hf upload-large-folder" and mount them as a volume instead.`;
    return Response.json(
      { ok: false, error: { code: "payload_too_large", message, fieldErrors: { files: [message] } } },
      { status: STATUS_OF.payload_too_large },
    );
  }
  const auth = await authorize();
  if (!auth.ok) return Response.json(auth, { status: STATUS_OF[auth.error.code] });
  const received = await receiveLaunchForm(request, { maxFileBytes: MAX_LAUNCH_BYTES });
  if (!received.ok) return bodyErrorResponse(received.error);
  const form = received.value;
  try {
    const launched = await launchFromForm(form.entries).then((result) => ({ result }), (error: unknown) => ({ error }));
    // Whatever the launch did not read is drained; a body that failed is answered as such.
    const body = await form.finish();
    if (!body.ok) return bodyErrorResponse(body.error);
    if ("error" in launched) throw launched.error;
    return Response.json(launched.result, { status: launched.result.ok ? 200 : STATUS_OF[launched.result.error.code] });
  } finally {
    // The launch is answered: the temp folder is removed after the answer, not before it.
    void form.cleanup();
  }
}

function bodyErrorResponse({ code, message }: SpoolError): Response {
  return Response.json(
    { ok: false, error: { code, message, ...(code === "payload_too_large" ? { fieldErrors: { files: [message] } } : {}) } },
    { status: code === "payload_too_large" ? STATUS_OF.payload_too_large : 400 },
  );
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

