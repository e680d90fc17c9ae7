import { runJob, streamJobLogs } from "@huggingface/hub";
import { waitForStage, type JobsHub } from "./jobs-hub";

/** A bucket volume as @huggingface/hub's runJob takes it. */
export interface BucketVolume {
  source: string;
  mountPath: string;
  path?: string;
  readOnly?: boolean;
}

/**
 * Runs `python3 -c code` as a job on the local Hub and waits for its end.
 * @returns the job id, its final status and its log lines (the job's own output and the Hub's notices)
 */
export async function runPyJob(t: JobsHub, code: string, options: { volumes?: BucketVolume[]; timeoutMs?: number; timeoutSeconds?: number } = {}): Promise<{
  id: string; stage: string; message: string | null; lines: string[];
}> {
  const job = await runJob({
    ...t.base, dockerImage: "python:3.12", flavor: "cpu-basic", command: ["python3", "-c", code],
    volumes: options.volumes?.map((v) => ({ ...v, source: `buckets/${v.source}` })),
    ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
  });
  const done = await waitForStage(t.base, job.id, ["COMPLETED", "ERROR", "CANCELED"], options.timeoutMs ?? 30_000);
  const lines: string[] = [];
  for await (const l of streamJobLogs({ ...t.base, jobId: job.id })) lines.push(l.message);
  return { id: job.id, stage: done.status.stage, message: done.status.message ?? null, lines };
}
