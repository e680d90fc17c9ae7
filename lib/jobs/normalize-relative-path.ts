/** A relative path, normalized, or why it cannot be one. */
export type NormalizedPath = { ok: true; path: string } | { ok: false; error: string };

/**
 * `./a//b.txt` → `a/b.txt`; refuses absolute paths, `..`, backslashes and control characters.
 * Client-safe: the composer and the launch service check dropped paths with the same rule.
 */
export function normalizeRelativePath(raw: string): NormalizedPath {
  if (raw.startsWith("/")) return { ok: false, error: `"${raw}" must be a relative path` };
  if (raw.includes("\\")) return { ok: false, error: `"${raw}" contains a backslash: use / between folders` };
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, error: `"${raw}" contains a control character` };
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) return { ok: false, error: `"${raw}" must not contain ".."` };
  if (parts.length === 0) return { ok: false, error: "A file needs a name" };
  return { ok: true, path: parts.join("/") };
}
