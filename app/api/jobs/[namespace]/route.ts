import "server-only";
import { AppError } from "@/lib/errors";
import { listJobsPage } from "@/lib/hub/list-jobs-page";
import { jobListReads } from "@/lib/hub/namespace-reads";
import { tokenKey } from "@/lib/hub/ttl-cache";
import { compactJobView, toJobView } from "@/lib/jobs/view";
import type { JobListPage } from "@/lib/jobs/api-answers";
import { namespacedRoute, NO_STORE } from "../_lib/route-error";
import { decodeCursor, encodeCursor } from "../_lib/cursor";

const STAGE_RE = /^[A-Za-z_]{1,32}$/;
const LABEL_RE = /^[^=]{1,100}=.{0,100}$/s;

/**
 * GET /api/jobs/{ns}?stage=RUNNING&stage=…&label=k=v&cursor=… → {@link JobListPage}.
 * At most one Hub list call per identical read per poll interval, shared by every authorized caller
 * (lib/hub/namespace-reads.ts); the filters go to the Hub (specs/hub-jobs-api.md §7.3); `cursor` is
 * the Hub's `Link rel="next"` URL, sealed so the browser cannot point our token at another host.
 * Errors: 400 invalid_input (bad stage/label/cursor), 401/403 from authorize, Hub errors mapped.
 */
export const GET = namespacedRoute<{ namespace: string }>(async ({ request, params: { namespace }, session: { hubUrl, accessToken } }) => {
  const q = request.nextUrl.searchParams;
  const stage = q.getAll("stage").map((s) => s.toUpperCase());
  const bad = stage.find((s) => !STAGE_RE.test(s));
  if (bad !== undefined) throw new AppError("invalid_input", `stage: "${bad}" is not a stage name.`, { fieldErrors: { stage: ["not a stage name"] } });
  const label = q.getAll("label");
  const badLabel = label.find((l) => !LABEL_RE.test(l));
  if (badLabel !== undefined) throw new AppError("invalid_input", `label: "${badLabel}" must be key=value.`, { fieldErrors: { label: ["must be key=value"] } });
  const cursor = q.get("cursor");
  const pageUrl = cursor ? decodeCursor({ cursor, hubUrl, namespace }) : undefined;
  // Identical reads of this namespace within a poll interval share one Hub answer (lib/hub/namespace-reads.ts).
  const key = `${hubUrl}\u0000list\u0000${stage.join(",")}\u0000${label.join("\u0000")}\u0000${pageUrl ?? ""}`;
  const page = await jobListReads.read({ namespace, key, tokenKey: await tokenKey(accessToken), load: () => listJobsPage({ hubUrl, accessToken, namespace, stage, label, pageUrl }) });
  const body: JobListPage = {
    // Bounded per job (lib/jobs/view.ts LIST_VIEW_LIMITS); the job page reads a job whole.
    jobs: page.jobs.map((j) => compactJobView(toJobView(j, namespace))),
    nextCursor: page.nextPageUrl ? encodeCursor(page.nextPageUrl) : null,
  };
  return Response.json(body, { headers: NO_STORE });
});
