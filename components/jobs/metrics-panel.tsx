"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { addEvent, emptySeries, mergeSeries, type ResourceSeries } from "@/lib/jobs/resource-series";
import { LineChart, type ChartSeries } from "@/components/charts/line-chart";
import { formatBytes } from "./format";
import { followJobMetrics, keptResourcesOptions } from "@/components/api/jobs/job-resources";

/** Live samples held in the browser: one hour at the Hub's one per second (§7.7). */
const LIVE_WINDOW = 3600;

const pct = (v: number) => `${Number(v.toFixed(1))}%`;
const bytes = (v: number) => formatBytes(Math.max(0, v));
const rate = (v: number) => `${formatBytes(Math.max(0, v))}/s`;

/**
 * Resource charts of a job: CPU (% of its vCPUs), memory (bytes, of the total), network (bytes/s in
 * and out) and, per GPU, utilization and memory, with axes, units and values on hover (uPlot, loaded
 * on demand). Live from the metrics route (SSE) while the job runs; after it ends, from the series the
 * app kept in the bucket when its metrics streams closed (only the seconds some open page received).
 */
export function MetricsPanel({ namespace, jobId, live }: { namespace: string; jobId: string; live: boolean }) {
  const liveSeries = useRef<ResourceSeries>(emptySeries());
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<"idle" | "open" | "ended">("idle");
  const kept = useQuery(keptResourcesOptions(namespace, jobId, live));

  useEffect(() => {
    if (!live) return;
    return followJobMetrics(namespace, jobId, {
      open: () => setState("open"),
      metric: (ev) => {
        try {
          const s = liveSeries.current;
          addEvent(s, ev, Date.now() / 1000);
          if (s.samples.length > LIVE_WINDOW) s.samples.splice(0, s.samples.length - LIVE_WINDOW);
          setVersion((v) => v + 1);
        } catch {
          // a sample of an unexpected shape is skipped, the next one comes in a second
        }
      },
      end: () => setState("ended"),
    });
  }, [namespace, jobId, live]);

  // eslint-disable-next-line react-hooks/refs -- the live store is appended in place; `version` versions it
  const held = liveSeries.current;
  const series: ResourceSeries = kept.data ? mergeSeries(kept.data, held) : held;
  void version;

  if (series.samples.length === 0) {
    return (
      <p className="text-sm text-neutral-500">
        {live
          ? state === "open"
            ? "Waiting for the first sample…"
            : "Connecting to metrics…"
          : kept.isPending
            ? "Loading kept metrics…"
            : "No resource metrics were kept for this job: the app keeps the seconds an open job page received while the job ran."}
      </p>
    );
  }
  const xs = series.samples.map((s) => s.t);
  const gpuIds = [...new Set(series.samples.flatMap((s) => Object.keys(s.gpus)))].sort();
  const cpuTitle = series.cpuMillicores ? `CPU (% of ${series.cpuMillicores / 1000} vCPU)` : "CPU (%)";
  const memTitle = series.memTotal ? `Memory (of ${formatBytes(series.memTotal)})` : "Memory";
  const col = (f: (s: ResourceSeries["samples"][number]) => number | null): ChartSeries["ys"] => series.samples.map(f);
  return (
    <div className="flex flex-col gap-3">
      <p className="text-xs text-neutral-500">
        {live ? "Live, one sample per second. " : ""}Kept after the job ends: the samples an open page of this job received (up to 2 000 per job, thinned evenly), stored in your
        jobs-artifacts bucket under <code>.jobs-studio/resources/</code> (jobs with a folder there only).
      </p>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="metrics">
        <LineChart title={cpuTitle} xs={xs} xTime xLabel="time" yFormat={pct} series={[{ label: "CPU", ys: col((s) => s.cpu) }]} />
        <LineChart title={memTitle} xs={xs} xTime xLabel="time" yFormat={bytes} series={[{ label: "used", ys: col((s) => s.mem) }]} />
        <LineChart
          title="Network"
          xs={xs}
          xTime
          xLabel="time"
          yFormat={rate}
          series={[
            { label: "in", ys: col((s) => s.rx) },
            { label: "out", ys: col((s) => s.tx) },
          ]}
        />
        {gpuIds.map((id, k) => (
          <LineChart key={`util-${id}`} title={`GPU ${k} (${id}) utilization`} xs={xs} xTime xLabel="time" yFormat={pct} series={[{ label: "util", ys: col((s) => s.gpus[id]?.[0] ?? null) }]} />
        ))}
        {gpuIds.map((id, k) => (
          <LineChart
            key={`mem-${id}`}
            title={`GPU ${k} (${id}) memory${series.gpuMemTotal[id] ? ` (of ${formatBytes(series.gpuMemTotal[id])})` : ""}`}
            xs={xs}
            xTime
            xLabel="time"
            yFormat={bytes}
            series={[{ label: "used", ys: col((s) => s.gpus[id]?.[1] ?? null) }]}
          />
        ))}
      </div>
    </div>
  );
}
