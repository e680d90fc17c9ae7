import "server-only";
import type { ApiJob, ApiScheduledJob } from "./api-types";
import { listJobsPage } from "./list-jobs-page";
import { listScheduledJobs } from "./list-scheduled-jobs";

/** Which label to look for in `namespace`, with the Hub credentials. */
export interface LabelLookup {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  label: string;
  value: string;
  fetch?: typeof fetch;
}

/**
 * The first job of `namespace` labelled `label=value`, or null: one filtered list call
 * (`GET /api/jobs/{ns}?label=k=v`, specs/hub-jobs-api.md §7.3). Meant for unique labels (a launch's
 * idempotency key), so the first page answers.
 * @throws HubApiError / network errors as {@link listJobsPage}
 */
export async function findJobByLabel(params: LabelLookup): Promise<ApiJob | null> {
  const { label, value, ...rest } = params;
  const { jobs } = await listJobsPage({ ...rest, label: [`${label}=${value}`] });
  // The filter is the Hub's; checking again keeps a Hub that ignored it from matching every job.
  return jobs.find((j) => j.labels?.[label] === value) ?? null;
}

/**
 * The first scheduled job of `namespace` whose job spec (or own labels) carry `label=value`, or null.
 * The scheduled-jobs list has no label filter (specs/hub-jobs-api.md §8.3), so the list is read whole.
 * @throws HubApiError / network errors from `listScheduledJobs`
 */
export async function findScheduledJobByLabel(params: LabelLookup): Promise<ApiScheduledJob | null> {
  const rows = await listScheduledJobs({ hubUrl: params.hubUrl, accessToken: params.accessToken, namespace: params.namespace, fetch: params.fetch });
  return (
    rows.find((s) => {
      const own = (s as { labels?: Record<string, string> | null }).labels;
      return s.jobSpec.labels?.[params.label] === params.value || own?.[params.label] === params.value;
    }) ?? null
  );
}
