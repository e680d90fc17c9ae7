import "server-only";
import type { ApiJob } from "./api-types";
import { hubApiErrorFromResponse } from "./hub-api-error";

/**
 * One page of `GET /api/jobs/{ns}` with server-side filters and `Link` pagination — what
 * `@huggingface/hub`'s `listJobs` lacks (first page only, no filters; specs/hub-jobs-api.md §7.3,
 * §11.2; field cases B32, B33).
 *
 * @param params.stage repeated `stage=` values, upper-cased (e.g. `["RUNNING","SCHEDULING"]`)
 * @param params.label repeated `label=` values, each `key=value`; a job must match all
 * @param params.pageUrl the previous page's `nextPageUrl`, followed verbatim (it carries the filters);
 *   it must be on `hubUrl`'s origin so the token is never sent elsewhere
 * @returns the jobs of this page and the absolute URL of the next one (null on the last page)
 * @throws HubApiError for non-2xx answers; TypeError when `pageUrl` is on another origin or the body
 *   is not a JSON array
 */
export async function listJobsPage(params: {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  stage?: string[];
  label?: string[];
  pageUrl?: string;
  fetch?: typeof fetch;
}): Promise<{ jobs: ApiJob[]; nextPageUrl: string | null }> {
  const hubUrl = params.hubUrl;
  let url: string;
  if (params.pageUrl) {
    if (new URL(params.pageUrl).origin !== new URL(hubUrl).origin) {
      throw new TypeError(`pageUrl ${params.pageUrl} is not on ${hubUrl}`);
    }
    url = params.pageUrl;
  } else {
    const q = new URLSearchParams();
    for (const s of params.stage ?? []) q.append("stage", s.toUpperCase());
    for (const l of params.label ?? []) q.append("label", l);
    const qs = q.toString();
    url = `${hubUrl}/api/jobs/${encodeURIComponent(params.namespace)}${qs ? `?${qs}` : ""}`;
  }
  const response = await (params.fetch ?? fetch)(url, {
    headers: { Authorization: `Bearer ${params.accessToken}`, Accept: "application/json" },
  });
  if (!response.ok) throw await hubApiErrorFromResponse(response);
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new TypeError(`Malformed job list from ${url}: expected a JSON array`);
  return { jobs: body as ApiJob[], nextPageUrl: nextLink(response.headers.get("Link"), url) };
}

/**
 * The `rel="next"` target of a `Link` header (RFC 8288; tolerant of spacing, quoting and several
 * rels), resolved against the request URL.
 */
export function nextLink(header: string | null, base: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2] as string)?.[1];
    if (rel && rel.split(/\s+/).includes("next")) return new URL(m[1] as string, base).toString();
  }
  return null;
}
