/** Bucket file URLs of the app's proxy route and which files the job page can preview (no React, no fetch). */

/** Image files the preview shows as an <img>. */
export const IMAGE_RE = /\.(png|jpe?g|gif|webp)$/i;
const TEXT_RE = /\.(txt|log|md|py|ya?ml|toml|cfg|ini|sh|json|jsonl|csv|tsv)$/i;

/** True when the job page's file preview (./file-preview.tsx) can show this file. */
export function canPreview(path: string): boolean {
  return IMAGE_RE.test(path) || TEXT_RE.test(path);
}

/** The app's proxy URL of a bucket file (`preview` reads at most 200 KB; `download` sets attachment). */
export function fileUrl(namespace: string, path: string, mode: "preview" | "download"): string {
  return `/api/buckets/${encodeURIComponent(namespace)}/file?path=${encodeURIComponent(path)}&${mode}=1`;
}
