/**
 * Hub web URLs (pages people open and share), built client-side. Client-safe (no I/O).
 * Sources: job page `{hub}/jobs/{ns}/{id}` (specs/hub-jobs-api.md §1, PY `JobInfo.url`); bucket pages
 * `{hub}/buckets/{ns}/{name}[/tree/{path}]` and downloads `…/resolve/{path}` with the path
 * percent-encoded and `/` kept, like Python's `quote(path, safe="/")` (specs/hub-buckets-xet.md §3.8).
 */

/** The per-namespace bucket the uv-job transport uses (specs/hub-jobs-api.md §9.3). */
const ARTIFACTS_BUCKET = "jobs-artifacts";
/** Percent-encodes each `/`-separated segment like Python's `quote(s, safe="/")` (also `!'()*`). */
export function encodePath(path: string): string {
  return path
    .split("/")
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
}

const trim = (hubUrl: string) => hubUrl.replace(/\/+$/, "");

/** `{hub}/jobs/{ns}/{id}` */
export function jobWebUrl(hubUrl: string, namespace: string, jobId: string): string {
  return `${trim(hubUrl)}/jobs/${encodePath(namespace)}/${encodePath(jobId)}`;
}

/**
 * The scheduled job's page. Neither client documents one on huggingface.co, so this points at the
 * namespace's jobs page with the id as a fragment; the app's own page is `/scheduled-jobs/{ns}/{id}`.
 */
export function scheduledJobWebUrl(hubUrl: string, namespace: string, scheduledJobId: string): string {
  return `${trim(hubUrl)}/jobs/${encodePath(namespace)}#scheduled-${encodePath(scheduledJobId)}`;
}

/** `{hub}/buckets/{ns}/{bucket}` (default bucket: `jobs-artifacts`) */
export function bucketWebUrl(hubUrl: string, namespace: string, bucket: string = ARTIFACTS_BUCKET): string {
  return `${trim(hubUrl)}/buckets/${encodePath(namespace)}/${encodePath(bucket)}`;
}

/** `{hub}/buckets/{ns}/jobs-artifacts/tree/{folder}`: the share link of a job's folder (B26). */
export function folderWebUrl(hubUrl: string, namespace: string, folder: string): string {
  return `${bucketWebUrl(hubUrl, namespace)}/tree/${encodePath(folder.replace(/^\/+|\/+$/g, ""))}`;
}

/** A file's page: buckets have no `/blob/` route, files are viewed under `/tree/` too (§3.8). */
export function fileWebUrl(hubUrl: string, namespace: string, path: string): string {
  return `${bucketWebUrl(hubUrl, namespace)}/tree/${encodePath(path.replace(/^\/+/, ""))}`;
}

/** Raw download: `{hub}/buckets/{ns}/jobs-artifacts/resolve/{path}` (§3.7). */
export function resolveUrl(hubUrl: string, namespace: string, path: string): string {
  return `${bucketWebUrl(hubUrl, namespace)}/resolve/${encodePath(path.replace(/^\/+/, ""))}`;
}
