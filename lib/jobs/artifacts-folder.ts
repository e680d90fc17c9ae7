/**
 * Per-job folder names inside `{namespace}/jobs-artifacts`. Client-safe (no I/O besides the clock and
 * `crypto.getRandomValues`).
 *
 * Format (specs/hub-jobs-api.md §9.3, as the Python client builds it): UTC `YYYYMMDDTHHMMSS`, `-`,
 * 6 lowercase hex chars, e.g. `20260415T092902-5ca267`.
 */
export const ARTIFACTS_FOLDER_RE = /^\d{8}T\d{6}-[0-9a-f]{6}$/;

/**
 * A fresh folder name.
 * @param params.now the instant to stamp (default: now)
 * @param params.randomBytes 3 bytes for the suffix (default: `crypto.getRandomValues`)
 */
export function artifactsFolder(params: { now?: Date; randomBytes?: Uint8Array } = {}): string {
  const now = params.now ?? new Date();
  const bytes = params.randomBytes ?? crypto.getRandomValues(new Uint8Array(3));
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp =
    `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `T${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  const hex = Array.from(bytes.slice(0, 3), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${stamp}-${hex}`;
}

/** True for names {@link artifactsFolder} can produce (used to validate a retry's `reuseFolder`). */
export function isArtifactsFolder(name: string): boolean {
  return ARTIFACTS_FOLDER_RE.test(name);
}
