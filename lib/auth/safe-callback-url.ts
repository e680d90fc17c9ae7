/**
 * Keeps a post-sign-in destination on this site: a path starting with one `/` (no `//host`, no
 * backslash tricks, no scheme), else `/`. Absolute URLs on the app's own origin are reduced to their
 * path (Auth.js and proxy.ts pass full URLs). Client-safe.
 * @param value form or query value, e.g. `/jobs?ns=alice` or `http://localhost:3000/jobs`
 * @param origin the app's origin, when absolute same-origin URLs should be accepted
 */
export function safeCallbackUrl(value: unknown, origin?: string): string {
  if (typeof value !== "string" || value === "") return "/";
  let path = value;
  if (origin && URL.canParse(value)) {
    const url = new URL(value);
    if (url.origin !== origin) return "/";
    path = url.pathname + url.search + url.hash;
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return "/";
  if (path.startsWith("/sign-in") || path.startsWith("/api/")) return "/";
  return path;
}
