import { cpus, totalmem } from "node:os";
import type { JobRecord } from "../store/jobs";
import { flavorResources } from "./hardware-flavors";
import { sampleProcessTree, type TreeSample } from "./process-tree-metrics";

/** The metrics payload, with the Hub's snake_case names (specs/hub-jobs-api.md §7.7). */
export interface MetricsPayload {
  cpu_usage_pct: number;
  cpu_millicores: number;
  memory_used_bytes: number;
  memory_total_bytes: number;
  rx_bps: number;
  tx_bps: number;
  gpus: Record<string, never>;
  replica: string;
}

/**
 * One metrics reading of a running job's process tree (leader `pid`), relative to the previous sample
 * of the same stream: CPU % of the flavor's cores (capped at this machine's), RSS bytes, the flavor's
 * RAM (capped at this machine's). No network counters here: rx/tx are 0.
 */
export function jobMetrics(job: JobRecord, pid: number, prev: TreeSample | null): { payload: MetricsPayload; sample: TreeSample } {
  const sample = sampleProcessTree(pid);
  const r = flavorResources(job.spec.flavor);
  const cores = Math.min(r?.cpu ?? cpus().length, cpus().length);
  const dt = prev ? (sample.at - prev.at) / 1000 : 0;
  const used = prev && dt > 0 ? Math.max(0, sample.cpuSeconds - prev.cpuSeconds) / dt : 0;
  return {
    sample,
    payload: {
      cpu_usage_pct: Math.round((used / cores) * 100),
      cpu_millicores: cores * 1000,
      memory_used_bytes: sample.rssBytes,
      memory_total_bytes: Math.min((r?.ramGb ?? 16) * 2 ** 30, totalmem()),
      rx_bps: 0,
      tx_bps: 0,
      gpus: {},
      replica: job.id.slice(-5),
    },
  };
}
