/**
 * Resource samples of a job (CPU, memory, network, GPUs) as time series: folded from the Hub's
 * metrics events (specs/hub-jobs-api.md §7.7, snake_case payload, one event per second), and the
 * compact form the app keeps in the bucket after the stream closes so the charts outlive the job.
 * Pure and client-safe.
 */

/** One Hub metrics event (§7.7). Every field may be missing. */
export interface MetricEvent {
  cpu_usage_pct?: number;
  cpu_millicores?: number;
  memory_used_bytes?: number;
  memory_total_bytes?: number;
  /** network bytes/s */
  rx_bps?: number;
  tx_bps?: number;
  gpus?: Record<string, { utilization?: number; memory_used_bytes?: number; memory_total_bytes?: number }>;
  replica?: string;
}

/** One sample: unix seconds and the values at that second (null = not reported). */
export interface ResourceSample {
  t: number;
  cpu: number | null;
  mem: number | null;
  rx: number | null;
  tx: number | null;
  /** per GPU id (opaque, never aliased: field case B34): [utilization %, memory used bytes] */
  gpus: Record<string, [number | null, number | null]>;
}

/** A job's resource series, as charted and as kept. */
export interface ResourceSeries {
  /** format version of the kept file */
  v: 1;
  /** 1000 = 1 vCPU; 0 when unknown */
  cpuMillicores: number;
  memTotal: number;
  /** per GPU id: its memory in bytes */
  gpuMemTotal: Record<string, number>;
  /** ascending by `t`, one per second at most */
  samples: ResourceSample[];
}

/** Most samples kept in the bucket: older ones are thinned (every other one) past this. */
export const MAX_KEPT_SAMPLES = 2000;

export const emptySeries = (): ResourceSeries => ({ v: 1, cpuMillicores: 0, memTotal: 0, gpuMemTotal: {}, samples: [] });

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * Appends one event received at `tSec` (unix seconds) to `s`, in place. A second already held is
 * replaced, not duplicated (reconnects replay, §7.7 "no event dedup on reconnect").
 */
export function addEvent(s: ResourceSeries, ev: MetricEvent, tSec: number): void {
  const t = Math.floor(tSec);
  const gpus: ResourceSample["gpus"] = {};
  for (const [id, g] of Object.entries(ev.gpus ?? {})) {
    gpus[id] = [num(g?.utilization), num(g?.memory_used_bytes)];
    const total = num(g?.memory_total_bytes);
    if (total) s.gpuMemTotal[id] = total;
  }
  s.cpuMillicores = num(ev.cpu_millicores) ?? s.cpuMillicores;
  s.memTotal = num(ev.memory_total_bytes) ?? s.memTotal;
  const sample: ResourceSample = { t, cpu: num(ev.cpu_usage_pct), mem: num(ev.memory_used_bytes), rx: num(ev.rx_bps), tx: num(ev.tx_bps), gpus };
  const last = s.samples.at(-1);
  if (last && last.t === t) s.samples[s.samples.length - 1] = sample;
  else if (!last || last.t < t) s.samples.push(sample);
  else mergeInto(s, [sample]);
}

/** Merges `incoming` samples into `s` in place, by second (an incoming second replaces a held one). */
function mergeInto(s: ResourceSeries, incoming: readonly ResourceSample[]): void {
  const byT = new Map(s.samples.map((x) => [x.t, x]));
  for (const x of incoming) byT.set(x.t, x);
  s.samples = [...byT.values()].sort((a, b) => a.t - b.t);
}

/** `a` and `b` merged (b's totals win when set), thinned to {@link MAX_KEPT_SAMPLES}. */
export function mergeSeries(a: ResourceSeries, b: ResourceSeries): ResourceSeries {
  const out: ResourceSeries = { v: 1, cpuMillicores: b.cpuMillicores || a.cpuMillicores, memTotal: b.memTotal || a.memTotal, gpuMemTotal: { ...a.gpuMemTotal, ...b.gpuMemTotal }, samples: [...a.samples] };
  mergeInto(out, b.samples);
  while (out.samples.length > MAX_KEPT_SAMPLES) out.samples = out.samples.filter((_, k) => k % 2 === 0 || k === out.samples.length - 1);
  return out;
}

/**
 * Reads a kept series (JSON text from the bucket). Anything malformed is dropped field by field;
 * returns null when the text is not a kept series at all. Never throws.
 */
export function parseKeptSeries(text: string): ResourceSeries | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || (raw as { v?: unknown }).v !== 1 || !Array.isArray((raw as { samples?: unknown }).samples)) return null;
  const r = raw as { cpuMillicores?: unknown; memTotal?: unknown; gpuMemTotal?: unknown; samples: unknown[] };
  const gpuMemTotal: Record<string, number> = {};
  if (typeof r.gpuMemTotal === "object" && r.gpuMemTotal !== null) {
    for (const [id, v] of Object.entries(r.gpuMemTotal)) if (num(v) !== null) gpuMemTotal[id] = v as number;
  }
  const samples: ResourceSample[] = [];
  for (const x of r.samples.slice(0, MAX_KEPT_SAMPLES * 2)) {
    if (typeof x !== "object" || x === null) continue;
    const o = x as Record<string, unknown>;
    const t = num(o.t);
    if (t === null) continue;
    const gpus: ResourceSample["gpus"] = {};
    if (typeof o.gpus === "object" && o.gpus !== null) {
      for (const [id, g] of Object.entries(o.gpus as Record<string, unknown>)) if (Array.isArray(g)) gpus[id] = [num(g[0]), num(g[1])];
    }
    samples.push({ t, cpu: num(o.cpu), mem: num(o.mem), rx: num(o.rx), tx: num(o.tx), gpus });
  }
  samples.sort((a, b) => a.t - b.t);
  return { v: 1, cpuMillicores: num(r.cpuMillicores) ?? 0, memTotal: num(r.memTotal) ?? 0, gpuMemTotal, samples };
}

/** Path of a job's kept series in `{ns}/jobs-artifacts`: beside the job folders, out of the job's own mount (a job cannot rewrite it). */
export function keptSeriesPath(jobId: string): string {
  return `.jobs-studio/resources/${jobId}.json`;
}
