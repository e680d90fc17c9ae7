/** Which bucket files the job page can preview (no React, no fetch; their URLs: components/api/buckets/bucket-file.ts). */

/** Image files the preview shows as an <img>. */
export const IMAGE_RE = /\.(png|jpe?g|gif|webp)$/i;
const TEXT_RE = /\.(txt|log|md|py|ya?ml|toml|cfg|ini|sh|json|jsonl|csv|tsv)$/i;

/** True when the job page's file preview (./file-preview.tsx) can show this file. */
export function canPreview(path: string): boolean {
  return IMAGE_RE.test(path) || TEXT_RE.test(path);
}
