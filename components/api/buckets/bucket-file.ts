import { queryOptions } from "@tanstack/react-query";
import { apiRequestError } from "../get-json";
import { bucketKeys, jobKeys } from "../query-keys";

/**
 * `GET /api/buckets/{ns}/file?path=…&preview=1|download=1`: a bucket file through the app's proxy
 * route (`preview` reads at most 200 KB and sets `x-truncated: 1` when it cut; `download` sets
 * attachment). Also the `src`/`href` of previews and download links.
 */
export function fileUrl(namespace: string, path: string, mode: "preview" | "download"): string {
  return `/api/buckets/${encodeURIComponent(namespace)}/file?path=${encodeURIComponent(path)}&${mode}=1`;
}

/** A file's preview text: the first 200 KB, `truncated` when there was more. */
export interface PreviewText {
  body: string;
  truncated: boolean;
}

/**
 * The preview of a text file; with `missingIsNull` (a file the job may not have written yet) it is
 * asked for with `optional=1`, and null when the route answers 204 (or 404). @throws ApiRequestError
 * with the route's message
 */
export async function readPreview(namespace: string, path: string, { signal, missingIsNull = false }: { signal?: AbortSignal; missingIsNull?: boolean } = {}): Promise<PreviewText | null> {
  const url = fileUrl(namespace, path, "preview") + (missingIsNull ? "&optional=1" : "");
  const res = await fetch(url, { signal, cache: "no-store" });
  if (missingIsNull && (res.status === 204 || res.status === 404)) return null;
  if (!res.ok) throw await apiRequestError(res);
  return { body: await res.text(), truncated: res.headers.get("x-truncated") === "1" };
}

/** Options for the file preview of the job page (text files; images load through {@link fileUrl}). */
export function filePreviewOptions(namespace: string, path: string) {
  return queryOptions({
    queryKey: bucketKeys.preview(namespace, path),
    queryFn: async ({ signal }) => (await readPreview(namespace, path, { signal })) as PreviewText,
    staleTime: 30_000,
  });
}

/** Options for two small text files read to diff them (compare page): their preview texts. */
export function textPairOptions(namespace: string, a: string, b: string) {
  return queryOptions({
    queryKey: jobKeys.textDiff(namespace, a, b),
    queryFn: async ({ signal }) => {
      const read = async (p: string) => ((await readPreview(namespace, p, { signal })) as PreviewText).body;
      return Promise.all([read(a), read(b)]);
    },
  });
}

/** A bucket file's whole content (Edit and re-run fetches a job's inputs again). @throws Error naming the path */
export async function downloadFile(namespace: string, path: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(fileUrl(namespace, path, "download"), { signal });
  if (!res.ok) throw new Error(`Could not fetch ${path} (${res.status}).`);
  return res.blob();
}
