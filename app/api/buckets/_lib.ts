import "server-only";
import { AppError } from "@/lib/errors";
import { ARTIFACTS_BUCKET } from "@/lib/jobs/schema";

/**
 * A bucket path from the query string, checked: relative, no `..`, no empty segments, ≤ 1024 chars.
 * These routes only ever read `{ns}/jobs-artifacts`, so the path is all the browser chooses.
 * @throws AppError invalid_input naming `path`
 */
export function artifactsPath(raw: string | null, { allowEmpty }: { allowEmpty: boolean }): string {
  const path = (raw ?? "").replace(/^\/+|\/+$/g, "");
  if (!path && !allowEmpty) throw new AppError("invalid_input", "path: a file path is required.", { fieldErrors: { path: ["required"] } });
  if (path.length > 1024 || path.split("/").some((s) => s === ".." || s === "." || (path && s === ""))) {
    throw new AppError("invalid_input", `path: "${path.slice(0, 80)}" is not a valid bucket path.`, { fieldErrors: { path: ["invalid"] } });
  }
  return path;
}

/** The id (`{ns}/jobs-artifacts`) of a namespace's artifacts bucket (DESIGN.md flow 1). */
export function artifactsBucket(namespace: string): string {
  return `${namespace}/${ARTIFACTS_BUCKET}`;
}
