import "server-only";
import { downloadFile } from "@/lib/hub/download-file";
import { getJob } from "@/lib/hub/get-job";
import { jobReads } from "@/lib/hub/namespace-reads";
import { tokenKey } from "@/lib/hub/ttl-cache";
import { uploadFiles } from "@/lib/hub/upload-files";
import { log } from "@/lib/log";
import { keptSeriesPath, mergeSeries, parseKeptSeries, type ResourceSeries } from "./resource-series";
import { ARTIFACTS_BUCKET } from "./schema";
import { toJobView } from "./view";

/** Largest kept file read back, in bytes (2000 samples with a few GPUs is well under this). */
const MAX_KEPT_BYTES = 2 * 1024 * 1024;

interface Params {
  hubUrl: string;
  accessToken: string;
  namespace: string;
  jobId: string;
}

/**
 * The resource series the app kept for a job (`{ns}/jobs-artifacts/.jobs-studio/resources/{id}.json`,
 * lib/jobs/resource-series.ts), or null when none was kept or the file is not one.
 * @throws HubApiError from the Hub other than 404
 */
export async function readKeptSeries(p: Params): Promise<ResourceSeries | null> {
  const blob = await downloadFile({ bucket: `${p.namespace}/${ARTIFACTS_BUCKET}`, path: keptSeriesPath(p.jobId), hubUrl: p.hubUrl, accessToken: p.accessToken });
  if (!blob || blob.size > MAX_KEPT_BYTES) return null;
  return parseKeptSeries(await blob.text());
}

/**
 * Merges `seen` (what one metrics connection received) into the kept series and writes it back, so
 * the charts outlive the job (Hub metrics stop with it, §7.7). Several tabs may write: each merges by
 * second, so the file holds the union of what they saw (a race may drop one tab's last seconds).
 * Only jobs with an artifacts folder in `{ns}/jobs-artifacts` (launched by the app) get one: the
 * bucket is theirs. Never throws: keeping the charts is best effort and must not break the stream.
 */
export async function keepSeries(p: Params & { seen: ResourceSeries }): Promise<void> {
  if (p.seen.samples.length === 0) return;
  try {
    const job = await jobReads.read({ namespace: p.namespace, key: `${p.hubUrl}\u0000${p.jobId}`, tokenKey: await tokenKey(p.accessToken), load: () => getJob({ hubUrl: p.hubUrl, accessToken: p.accessToken, namespace: p.namespace, jobId: p.jobId }) });
    if (!toJobView(job, p.namespace).artifactsFolder) return;
    const held = await readKeptSeries(p).catch(() => null);
    const merged = held ? mergeSeries(held, p.seen) : mergeSeries(p.seen, { ...p.seen, samples: [] });
    await uploadFiles({
      bucket: `${p.namespace}/${ARTIFACTS_BUCKET}`,
      files: [{ path: keptSeriesPath(p.jobId), content: new Blob([JSON.stringify(merged)], { type: "application/json" }) }],
      hubUrl: p.hubUrl,
      accessToken: p.accessToken,
    });
  } catch (err) {
    log.warn("keep_resources_failed", { namespace: p.namespace, jobId: p.jobId, error: err });
  }
}
