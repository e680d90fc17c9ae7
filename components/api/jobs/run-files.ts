import { queryOptions } from "@tanstack/react-query";
import type { RunFilesAnswer } from "@/lib/jobs/compare-runs";
import { getJson } from "../get-json";
import { jobKeys } from "../query-keys";

/** Options for `GET /api/jobs/{ns}/{id}/files`: a run's inputs and outputs with hashes (compare page). */
export function runFilesOptions(namespace: string, id: string) {
  return queryOptions({
    queryKey: jobKeys.runFiles(namespace, id),
    queryFn: ({ signal }) => getJson<RunFilesAnswer>(`/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}/files`, signal),
  });
}
