"use client";

import { useEffect, useState } from "react";
import { formatBytes } from "./format";
import { Sparkline } from "./sparkline";

/** Samples kept per series (one per second from the Hub, §7.7): the last two minutes. */
const WINDOW = 120;

/** One Hub metrics event (snake_case wire names, specs/hub-jobs-api.md §7.7). */
interface MetricEvent {
  cpu_usage_pct?: number;
  cpu_millicores?: number;
  memory_used_bytes?: number;
  memory_total_bytes?: number;
  gpus?: Record<string, { utilization?: number; memory_used_bytes?: number; memory_total_bytes?: number }>;
}

interface Series {
  cpu: number[];
  cpuMillicores: number;
  mem: number[];
  memTotal: number;
  /** keyed by the Hub's GPU id: one series per GPU, never aliased (field case B34) */
  gpus: Record<string, { util: number[]; memUsed: number; memTotal: number }>;
}

const EMPTY: Series = { cpu: [], cpuMillicores: 0, mem: [], memTotal: 0, gpus: {} };
const push = (arr: number[], v: number) => (arr.length >= WINDOW ? [...arr.slice(1), v] : [...arr, v]);

/** Folds one event into the series; exported for tests. Each GPU gets its own fresh arrays. */
export function addSample(s: Series, ev: MetricEvent): Series {
  const gpus: Series["gpus"] = { ...s.gpus };
  for (const [id, g] of Object.entries(ev.gpus ?? {})) {
    const prev = gpus[id] ?? { util: [], memUsed: 0, memTotal: 0 };
    gpus[id] = { util: push(prev.util, g.utilization ?? 0), memUsed: g.memory_used_bytes ?? 0, memTotal: g.memory_total_bytes ?? 0 };
  }
  return {
    cpu: push(s.cpu, ev.cpu_usage_pct ?? 0),
    cpuMillicores: ev.cpu_millicores ?? s.cpuMillicores,
    mem: push(s.mem, ev.memory_used_bytes ?? 0),
    memTotal: ev.memory_total_bytes ?? s.memTotal,
    gpus,
  };
}

/**
 * CPU, memory and per-GPU utilization as small sparklines, from the metrics route (SSE). Opens only
 * while the job runs; re-opens after a dropped stream while `live` stays true.
 */
export function MetricsPanel({ namespace, jobId, live }: { namespace: string; jobId: string; live: boolean }) {
  const [series, setSeries] = useState<Series>(EMPTY);
  const [state, setState] = useState<"idle" | "open" | "ended">("idle");

  useEffect(() => {
    if (!live) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const open = () => {
      source = new EventSource(`/api/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(jobId)}/metrics`);
      source.addEventListener("open", () => setState("open"));
      source.addEventListener("metric", (e) => {
        try {
          const ev = JSON.parse((e as MessageEvent<string>).data) as MetricEvent;
          setSeries((s) => addSample(s, ev));
        } catch {
          // a malformed sample is skipped, the next one comes in a second
        }
      });
      const reopen = () => {
        source?.close();
        if (!closed) retry = setTimeout(open, 3000);
      };
      source.addEventListener("end", () => {
        setState("ended");
        reopen();
      });
      source.addEventListener("error", reopen);
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [namespace, jobId, live]);

  const latest = (a: number[]) => (a.length ? a[a.length - 1] : 0);
  const gpuIds = Object.keys(series.gpus).sort();
  if (series.cpu.length === 0) {
    return (
      <p className="text-sm text-neutral-500">
        {live ? (state === "open" ? "Waiting for the first sample…" : "Connecting to metrics…") : "Metrics are shown while the job runs."}
      </p>
    );
  }
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="metrics">
      <Metric title="CPU" value={`${latest(series.cpu).toFixed(0)}%${series.cpuMillicores ? ` of ${series.cpuMillicores / 1000} vCPU` : ""}`}>
        <Sparkline values={series.cpu} max={100} label={`CPU ${latest(series.cpu).toFixed(0)} percent`} />
      </Metric>
      <Metric title="Memory" value={`${formatBytes(latest(series.mem))}${series.memTotal ? ` / ${formatBytes(series.memTotal)}` : ""}`}>
        <Sparkline values={series.mem} max={series.memTotal} label={`Memory ${formatBytes(latest(series.mem))}`} />
      </Metric>
      {gpuIds.map((id, k) => {
        const g = series.gpus[id];
        return (
          <Metric key={id} title={`GPU ${k} (${id})`} value={`${latest(g.util).toFixed(0)}% · ${formatBytes(g.memUsed)} / ${formatBytes(g.memTotal)}`}>
            <Sparkline values={g.util} max={100} label={`GPU ${k} utilization ${latest(g.util).toFixed(0)} percent`} />
          </Metric>
        );
      })}
    </div>
  );
}

function Metric({ title, value, children }: { title: string; value: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium">{title}</span>
        <span className="text-neutral-500">{value}</span>
      </div>
      {children}
    </div>
  );
}
