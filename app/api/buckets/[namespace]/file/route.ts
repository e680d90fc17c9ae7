import "server-only";
import { AppError } from "@/lib/errors";
import { downloadFile } from "@/lib/hub/download-file";
import { folderMasker } from "@/lib/jobs/job-masker";
import { namespacedRoute } from "../../../jobs/_lib/route-error";
import { artifactsBucket, artifactsPath } from "../../_lib";

/** How much of a file a preview reads. */
const PREVIEW_BYTES = 200 * 1024;

const TYPES: Record<string, string> = {
  txt: "text/plain", log: "text/plain", md: "text/plain", py: "text/plain", yaml: "text/plain", yml: "text/plain",
  toml: "text/plain", cfg: "text/plain", ini: "text/plain", sh: "text/plain",
  json: "application/json", jsonl: "text/plain", csv: "text/csv", tsv: "text/tab-separated-values",
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
};

/** Content type from the extension; never `text/html` or SVG, so a job-written file cannot run script in our origin. */
function contentTypeOf(path: string): string {
  const ext = path.split(".").pop()?.toLowerCase() ?? "";
  return TYPES[ext] ?? "application/octet-stream";
}

/**
 * GET /api/buckets/{ns}/file?path=<bucket path>[&preview=1|&download=1] — streams a file of
 * `{ns}/jobs-artifacts` from the Hub with the session's token. `preview=1` returns at most
 * {@link PREVIEW_BYTES} (header `X-Truncated: 1` when cut) inline; `download=1` sets
 * `Content-Disposition: attachment`. Responses carry `X-Content-Type-Options: nosniff` and a
 * sandboxing CSP. 404 when the file does not exist, or 204 with `optional=1` (a file the page only
 * shows when a job wrote it, e.g. `metrics.jsonl`: a 404 there would be logged by the browser as a
 * failed request on every job page).
 *
 * A text preview (`preview=1` of a text type) has secret values masked as `***` (lib/jobs/secret-mask.ts,
 * with the fingerprints of the job whose folder holds the file) and says so in `X-Masked: <names>`;
 * a download is the file's exact bytes.
 */
export const GET = namespacedRoute<{ namespace: string }>(async ({ request, params: { namespace }, session: { hubUrl, accessToken } }) => {
  const q = request.nextUrl.searchParams;
  const path = artifactsPath(q.get("path"), { allowEmpty: false });
  // lib/hub/download-file encodes the path (specs/hub-buckets-xet.md §1 "Paths in URLs").
  const blob = await downloadFile({ bucket: artifactsBucket(namespace), path, hubUrl, accessToken });
  if (!blob) {
    if (q.get("optional") === "1") return new Response(null, { status: 204, headers: { "cache-control": "private, no-store" } });
    throw new AppError("not_found", `No file "${path}" in ${namespace}/jobs-artifacts.`);
  }
  const preview = q.get("preview") === "1";
  const name = path.split("/").pop() ?? "file";
  const headers = new Headers({
    "content-type": contentTypeOf(path),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    "cache-control": "private, no-store",
    "x-file-size": String(blob.size),
  });
  if (q.get("download") === "1") {
    headers.set("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  }
  const isImage = contentTypeOf(path).startsWith("image/");
  let body = preview && !isImage && blob.size > PREVIEW_BYTES ? blob.slice(0, PREVIEW_BYTES) : blob;
  if (body !== blob) headers.set("x-truncated", "1");
  const type = contentTypeOf(path);
  if (preview && (type.startsWith("text/") || type === "application/json")) {
    const mask = await folderMasker({ hubUrl, accessToken, namespace, folder: path.split("/")[0] ?? null });
    const names = new Set<string>();
    const text = (await body.text())
      .split("\n")
      .map((line) => {
        const m = mask(line);
        for (const n of m.names) names.add(n);
        return m.text;
      })
      .join("\n");
    if (names.size > 0) headers.set("x-masked", [...names].map(encodeURIComponent).join(","));
    body = new Blob([text], { type });
  }
  headers.set("content-length", String(body.size));
  return new Response(body.stream(), { headers });
});
