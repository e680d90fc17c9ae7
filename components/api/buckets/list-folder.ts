import { keepPreviousData, queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { FolderPage } from "@/lib/jobs/api-answers";
import { POLL } from "@/lib/jobs/poll";
import { getJson } from "../get-json";
import { jobKeys } from "../query-keys";

/** `GET /api/buckets/{ns}/tree?path=&offset=`: one page of one level of a bucket folder. */
export function folderPageUrl(namespace: string, path: string, offset: number): string {
  return `/api/buckets/${encodeURIComponent(namespace)}/tree?path=${encodeURIComponent(path)}&offset=${offset}`;
}

/** One page of one folder level, read once. @throws ApiRequestError */
export function getFolderPage(namespace: string, path: string, offset: number, signal?: AbortSignal): Promise<FolderPage> {
  return getJson<FolderPage>(folderPageUrl(namespace, path, offset), signal);
}

/**
 * Options for one page of one level of a job's artifacts folder. Polls while the job is active
 * (outputs appear as the job writes them), not after.
 */
export function jobFilesOptions({ namespace, id, path, offset, active }: { namespace: string; id: string; path: string; offset: number; active: boolean }) {
  return queryOptions({
    queryKey: jobKeys.files(namespace, id, path, offset),
    queryFn: ({ signal }) => getFolderPage(namespace, path, offset, signal),
    refetchInterval: active ? POLL.filesActive : false,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/**
 * The job's folder page on screen ({@link jobFilesOptions}; `enabled` false: none). Polling stops
 * with the job, so once it is no longer `active` every listing of the job is read once more: the
 * files it wrote in its last seconds.
 */
export function useJobFiles(params: { namespace: string; id: string; path: string; offset: number; active: boolean; enabled: boolean }) {
  const { namespace, id, active, enabled } = params;
  const query = useQuery({ ...jobFilesOptions(params), enabled });
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!active) void queryClient.invalidateQueries({ queryKey: jobKeys.allFiles(namespace, id) });
  }, [active, namespace, id, queryClient]);
  return query;
}
