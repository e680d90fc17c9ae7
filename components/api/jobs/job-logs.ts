/**
 * `GET /api/jobs/{ns}/{id}/logs`: the job's log as server-sent events, read by
 * components/jobs/follow-logs.ts (reconnect, exact merge); the URL has no query (follow-logs adds it).
 */
export function jobLogsUrl(namespace: string, id: string): string {
  return `/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}/logs`;
}
