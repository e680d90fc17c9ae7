import "server-only";
import { AppError } from "@/lib/errors";
import { listFolder } from "@/lib/hub/list-folder";
import { fileWebUrl, folderWebUrl } from "@/lib/hub/web-urls";
import type { FolderEntry, FolderPage } from "@/lib/jobs/api-answers";
import { namespacedRoute, NO_STORE } from "../../../jobs/_lib/route-error";
import { artifactsBucket, artifactsPath } from "../../_lib";

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;

/**
 * GET /api/buckets/{ns}/tree?path=<folder>[&offset=N&limit=M] → {@link FolderPage}: ONE level of
 * `{ns}/jobs-artifacts/<folder>` (non-recursive, so a folder with 5,000 shards below costs one row,
 * field case B24), directories first then files by name, `limit` rows from `offset`.
 * The Hub pages the listing itself (Link rel="next"); we stop reading once the page we need is full,
 * so the cost grows with `offset + limit`, not with the folder size.
 * Errors: 400 invalid path/offset, 404 when the bucket or folder does not exist.
 */
export const GET = namespacedRoute<{ namespace: string }>(async ({ request, params: { namespace }, session: { hubUrl, accessToken } }) => {
  const q = request.nextUrl.searchParams;
  const path = artifactsPath(q.get("path"), { allowEmpty: true });
  const offset = Number(q.get("offset") ?? 0);
  const limit = Number(q.get("limit") ?? DEFAULT_LIMIT);
  if (!Number.isInteger(offset) || offset < 0) throw new AppError("invalid_input", "offset: must be an integer ≥ 0.", { fieldErrors: { offset: ["integer ≥ 0"] } });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new AppError("invalid_input", `limit: must be 1…${MAX_LIMIT}.`, { fieldErrors: { limit: ["out of range"] } });

  const rows: FolderEntry[] = [];
  let more = false;
  for await (const entry of listFolder({ bucket: artifactsBucket(namespace), ...(path ? { path } : {}), recursive: false, hubUrl, accessToken })) {
    if (entry.type !== "file" && entry.type !== "directory") continue;
    if (rows.length >= offset + limit) {
      more = true;
      break;
    }
    rows.push({
      path: entry.path,
      name: entry.path.split("/").pop() ?? entry.path,
      type: entry.type,
      size: entry.type === "file" ? entry.size : 0,
      uploadedAt: entry.uploadedAt ?? null,
      webUrl: entry.type === "directory" ? folderWebUrl(hubUrl, namespace, entry.path) : fileWebUrl(hubUrl, namespace, entry.path),
    });
  }
  const entries = rows.slice(offset, offset + limit);
  const body: FolderPage = {
    path,
    entries,
    nextOffset: more ? offset + limit : null,
    webUrl: folderWebUrl(hubUrl, namespace, path),
  };
  return Response.json(body, { headers: NO_STORE });
});
