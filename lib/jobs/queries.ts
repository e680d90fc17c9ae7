import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { ActionError } from "@/lib/result";
import { isTerminal } from "./stage";
import type { JobView, ScheduledJobView } from "./view";

/**
 * React-query keys and options for everything the tracking pages read (STYLE.md convention 8).
 * Reads go to our GET route handlers (never to the Hub: the token stays on the server). Polling lives
 * here: lists poll faster while any job is active, a job stops polling once a fresh GET shows a final
 * stage and keeps polling for unknown stages (field cases B07, B32, C06). `refetchIntervalInBackground`
 * is false, so a hidden tab makes no requests. Client-safe.
 */

/** Dashboard filters; all optional. `stage` and `label` go to the Hub, `name` filters the page client-side. */
export interface JobListFilters {
  stage?: string[];
  /** `key=value` strings; a job must match all */
  label?: string[];
  /** opaque page cursor from a previous answer's `nextCursor`; absent = first page */
  cursor?: string;
}

/** GET /api/jobs/{ns} answer. */
export interface JobListPage {
  jobs: JobView[];
  nextCursor: string | null;
}

/** One entry of a bucket folder level (GET /api/buckets/{ns}/tree). */
export interface FolderEntry {
  /** full path inside the bucket */
  path: string;
  /** last path segment */
  name: string;
  type: "file" | "directory";
  /** bytes; 0 for directories */
  size: number;
  /** ISO time the Hub stored it, when the Hub says */
  uploadedAt: string | null;
  /** stable Hub URL (files: the file's page; directories: the tree page) */
  webUrl: string;
}

/** GET /api/buckets/{ns}/tree answer: one page of one level. */
export interface FolderPage {
  path: string;
  entries: FolderEntry[];
  /** offset of the next page, or null at the end */
  nextOffset: number | null;
  /** share URL of this folder on the Hub */
  webUrl: string;
}

/** GET /api/hardware answer row (prices per `unitLabel`, usually a minute). */
export interface HardwareView {
  name: string;
  prettyName: string;
  cpu: string;
  ram: string;
  accelerator: { type: string; model: string; quantity: string; vram: string; manufacturer: string } | null;
  unitCostUSD: number;
  unitCostMicroUSD: number;
  unitLabel: string;
}

/** GET /api/scheduled-jobs/{ns}/{id} answer. */
export interface ScheduledJobDetail {
  scheduledJob: ScheduledJobView;
  /** jobs whose initiator is this scheduled job, newest first (from the first pages of the list) */
  runs: JobView[];
}

/** A failed read, carrying the app's error vocabulary (lib/result.ts). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ActionError,
  ) {
    super(error.message);
    this.name = "ApiRequestError";
  }
}

/**
 * GET a JSON route of this app.
 * @throws ApiRequestError with the route's `{error}` body (or a synthesized one for non-JSON failures)
 */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: "application/json" }, cache: "no-store" });
  if (!res.ok) {
    let error: ActionError = { code: res.status === 404 ? "not_found" : "hub_error", message: `Request failed (${res.status}).` };
    try {
      const body = (await res.json()) as { error?: ActionError };
      if (body.error?.message) error = body.error;
    } catch {
      // non-JSON error page: keep the synthesized message
    }
    throw new ApiRequestError(res.status, error);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

/** Query string of a list request: repeated `stage=` and `label=` like the Hub's own (§7.3). */
export function jobListSearch(filters: JobListFilters): string {
  const q = new URLSearchParams();
  for (const s of filters.stage ?? []) q.append("stage", s);
  for (const l of filters.label ?? []) q.append("label", l);
  if (filters.cursor) q.set("cursor", filters.cursor);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Key hierarchy for jobs: every key carries the namespace. */
export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (namespace: string, filters: JobListFilters) => [...jobKeys.lists(), namespace, filters] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (namespace: string, id: string) => [...jobKeys.details(), namespace, id] as const,
  files: (namespace: string, id: string, path: string, offset: number) => [...jobKeys.detail(namespace, id), "files", path, offset] as const,
  logs: (namespace: string, id: string) => [...jobKeys.detail(namespace, id), "logs"] as const,
};

/** Key hierarchy for scheduled jobs. */
export const scheduledKeys = {
  all: ["scheduled-jobs"] as const,
  lists: () => [...scheduledKeys.all, "list"] as const,
  list: (namespace: string) => [...scheduledKeys.lists(), namespace] as const,
  details: () => [...scheduledKeys.all, "detail"] as const,
  detail: (namespace: string, id: string) => [...scheduledKeys.details(), namespace, id] as const,
};

/** Key of the hardware catalogue (same for everyone). */
export const hardwareKeys = { all: ["hardware"] as const };

/** Poll periods in ms. Active: someone is waiting for a stage change; idle: only new jobs can appear. */
export const POLL = { jobActive: 2_000, listActive: 3_000, listIdle: 15_000, filesActive: 5_000, scheduled: 10_000 } as const;

/** Next poll of a list: fast while any job on the page is active (unknown stages count as active). */
export function listInterval(page: JobListPage | undefined): number {
  if (!page) return POLL.listIdle;
  return page.jobs.some((j) => !isTerminal(j.stage)) ? POLL.listActive : POLL.listIdle;
}

/** Next poll of one job: none once a fresh GET shows a final stage (B07: never from the log stream). */
export function jobInterval(job: JobView | undefined): number | false {
  if (!job) return POLL.jobActive;
  return isTerminal(job.stage) ? false : POLL.jobActive;
}

/** Options for the dashboard list: one request per interval for the page on screen. */
export function jobListOptions(namespace: string, filters: JobListFilters) {
  return queryOptions({
    queryKey: jobKeys.list(namespace, filters),
    queryFn: ({ signal }) => getJson<JobListPage>(`/api/jobs/${enc(namespace)}${jobListSearch(filters)}`, signal),
    refetchInterval: (query) => listInterval(query.state.data),
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** Options for one job. */
export function jobDetailOptions(namespace: string, id: string) {
  return queryOptions({
    queryKey: jobKeys.detail(namespace, id),
    queryFn: ({ signal }) => getJson<{ job: JobView }>(`/api/jobs/${enc(namespace)}/${enc(id)}`, signal).then((r) => r.job),
    refetchInterval: (query) => jobInterval(query.state.data),
    refetchIntervalInBackground: false,
  });
}

/**
 * Options for one page of one level of a job's artifacts folder. Polls while the job is active
 * (outputs appear as the job writes them), not after.
 */
export function jobFilesOptions({ namespace, id, path, offset, active }: { namespace: string; id: string; path: string; offset: number; active: boolean }) {
  return queryOptions({
    queryKey: jobKeys.files(namespace, id, path, offset),
    queryFn: ({ signal }) =>
      getJson<FolderPage>(`/api/buckets/${enc(namespace)}/tree?path=${enc(path)}&offset=${offset}`, signal),
    refetchInterval: active ? POLL.filesActive : false,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** Options for the hardware catalogue (prices change rarely). */
export function hardwareOptions() {
  return queryOptions({
    queryKey: hardwareKeys.all,
    queryFn: ({ signal }) => getJson<{ hardware: HardwareView[] }>("/api/hardware", signal).then((r) => r.hardware),
    staleTime: 10 * 60_000,
  });
}

/** Options for the schedules list. */
export function scheduledListOptions(namespace: string) {
  return queryOptions({
    queryKey: scheduledKeys.list(namespace),
    queryFn: ({ signal }) =>
      getJson<{ scheduledJobs: ScheduledJobView[] }>(`/api/scheduled-jobs/${enc(namespace)}`, signal).then((r) => r.scheduledJobs),
    refetchInterval: POLL.scheduled,
    refetchIntervalInBackground: false,
  });
}

/** Options for one scheduled job and its runs; polls faster while a run is active. */
export function scheduledDetailOptions(namespace: string, id: string) {
  return queryOptions({
    queryKey: scheduledKeys.detail(namespace, id),
    queryFn: ({ signal }) => getJson<ScheduledJobDetail>(`/api/scheduled-jobs/${enc(namespace)}/${enc(id)}`, signal),
    refetchInterval: (query) => (query.state.data?.runs.some((r) => !isTerminal(r.stage)) ? POLL.listActive : POLL.scheduled),
    refetchIntervalInBackground: false,
  });
}
