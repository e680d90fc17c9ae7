import { queryOptions } from "@tanstack/react-query";
import { parseMetricLine, PrintedMetrics } from "@/lib/jobs/printed-metrics";
import { readPreview } from "../buckets/bucket-file";
import { jobKeys } from "../query-keys";

/**
 * Options for `{folder}/metrics.jsonl` as the job wrote it so far, parsed (null when the file does not
 * exist). Polls every 10 s while the job is `active`; `active` is in the key, so one more read when the
 * job ends catches lines written in its last seconds. The preview (first 200 kB) bounds what a poll
 * costs however much the job writes. `folder` null: disabled.
 */
export function printedMetricsFileOptions(namespace: string, folder: string | null, active: boolean) {
  return queryOptions({
    queryKey: jobKeys.metricsFile(namespace, folder, active),
    enabled: !!folder,
    refetchInterval: active ? 10_000 : false,
    queryFn: async ({ signal }): Promise<{ metrics: PrintedMetrics; truncated: boolean } | null> => {
      const text = await readPreview(namespace, `${folder}/metrics.jsonl`, { signal, missingIsNull: true });
      if (!text) return null;
      const lines = text.body.split("\n");
      if (text.truncated) lines.pop(); // the cut may fall inside the last line
      const metrics = new PrintedMetrics();
      for (const line of lines) {
        const fields = parseMetricLine(line);
        if (fields) metrics.add(fields, Number.NaN);
      }
      return { metrics, truncated: text.truncated };
    },
  });
}
