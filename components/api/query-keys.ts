/**
 * The one key factory of the browser's react-query cache (STYLE.md convention 8): every query key and
 * every invalidation is built here, so "what does this invalidate" has one answer. Every job key sits
 * under `jobKeys.detail(ns, id)` when it belongs to one job, so invalidating a job reaches its parts.
 */

/** Key hierarchy for jobs: every key carries the namespace. */
export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  /** `filters`: components/api/jobs/list-jobs.ts JobListFilters */
  list: (namespace: string, filters: object) => [...jobKeys.lists(), namespace, filters] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (namespace: string, id: string) => [...jobKeys.details(), namespace, id] as const,
  /** every page of every level of the job's artifacts folder */
  allFiles: (namespace: string, id: string) => [...jobKeys.detail(namespace, id), "files"] as const,
  files: (namespace: string, id: string, path: string, offset: number) => [...jobKeys.allFiles(namespace, id), path, offset] as const,
  logs: (namespace: string, id: string) => [...jobKeys.detail(namespace, id), "logs"] as const,
  /** the resource series the app kept in the bucket */
  resources: (namespace: string, id: string) => [...jobKeys.detail(namespace, id), "resources"] as const,
  /** inputs and outputs with hashes (compare page) */
  runFiles: (namespace: string, id: string) => [...jobKeys.detail(namespace, id), "run-files"] as const,
  /** printed metrics of the whole log (compare page) */
  printedMetrics: (namespace: string, id: string) => [...jobKeys.detail(namespace, id), "printed-metrics"] as const,
  /** `{folder}/metrics.jsonl`; `active` in the key: one more read when the job ends */
  metricsFile: (namespace: string, folder: string | null, active: boolean) => [...jobKeys.all, namespace, "metrics-file", folder, active] as const,
  /** the members of one network group (group page); under lists: a job's change refreshes it */
  group: (namespace: string, group: string) => [...jobKeys.lists(), namespace, "group", group] as const,
  /** two bucket files read to diff them (compare page) */
  textDiff: (namespace: string, a: string, b: string) => [...jobKeys.all, "text-diff", namespace, a, b] as const,
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

/** Keys of bucket files read outside one job's keys. */
export const bucketKeys = {
  preview: (namespace: string, path: string) => ["bucket-file-preview", namespace, path] as const,
};

/** Keys of a namespace's repos and buckets offered as volume sources (composer). */
export const volumeSourceKeys = {
  of: (namespace: string) => ["volume-sources", namespace] as const,
};
