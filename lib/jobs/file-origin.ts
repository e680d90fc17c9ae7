/**
 * Input or output, for one entry of a job's artifacts folder. Client-safe, no I/O.
 *
 * The composer (and the app's Duplicate) store the inputs before they create the job, so a file stored
 * before the job's `createdAt` is an input and one stored after is something the job wrote. Unknown
 * (null) for folders and when the Hub gives no `uploadedAt` (bucket tree entries carry it with
 * `expand`, specs/hub-buckets-xet.md §3.3). For a scheduled job's runs, which share one folder, an
 * earlier run's outputs read as inputs of a later run.
 * @param entry a tree entry: `type` ("file" | "directory" | …) and `uploadedAt` (ISO time) when known
 * @param job the job's `createdAt` (ISO time)
 * @returns "input" | "output" | null
 */
export function fileOrigin(
  entry: { type: string; uploadedAt?: string | null },
  job: { createdAt?: string | null },
): "input" | "output" | null {
  if (entry.type !== "file" || !entry.uploadedAt || !job.createdAt) return null;
  const stored = new Date(entry.uploadedAt).getTime();
  const created = new Date(job.createdAt).getTime();
  if (Number.isNaN(stored) || Number.isNaN(created)) return null;
  return stored < created ? "input" : "output";
}
