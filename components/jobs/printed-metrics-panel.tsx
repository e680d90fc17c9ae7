"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { parseMetricLine, PrintedMetrics, type MetricSeries } from "@/lib/jobs/printed-metrics";
import { LineChart } from "@/components/charts/line-chart";
import { stripAnsi } from "./terminal-text";
import { printedMetricsFileOptions } from "@/components/api/jobs/printed-metrics-file";
import { useLogCount, type LogFeed } from "./use-followed-log";

const X_LABEL = { step: "step", epoch: "epoch", time: "seconds since first metric line" } as const;

/**
 * Charts of what the job prints: every log line that is a JSON object with numeric fields
 * (lib/jobs/printed-metrics.ts) adds a point to one chart per key, live, x = `step`/`epoch` when
 * present else time; and the same for a `/data/metrics.jsonl` the job writes. Zero configuration.
 * Parsing is incremental over the page's one log store.
 */
export function PrintedMetricsPanel({ log, namespace, folder, active }: { log: LogFeed; namespace: string; folder: string | null; active: boolean }) {
  const count = useLogCount(log);
  const state = useRef<{ lines: LogFeed["lines"]; scanned: number; metrics: PrintedMetrics }>({ lines: log.lines, scanned: 0, metrics: new PrintedMetrics() });
  if (state.current.lines !== log.lines) state.current = { lines: log.lines, scanned: 0, metrics: new PrintedMetrics() };
  const s = state.current;
  for (; s.scanned < count; s.scanned++) {
    const line = s.lines[s.scanned];
    if (!line || !line.m.includes("{")) continue;
    const fields = parseMetricLine(stripAnsi(line.m));
    if (fields) s.metrics.add(fields, Date.parse(line.t));
  }
  const fromLog = s.metrics.series();
  const file = useQuery(printedMetricsFileOptions(namespace, folder, active));
  const fromFile = file.data?.metrics.series() ?? [];

  if (fromLog.length === 0 && fromFile.length === 0) {
    return (
      <p className="text-sm text-neutral-500">
        No metrics printed yet. Print one JSON object per line, e.g. <code className="font-mono">{'print(json.dumps({"step": step, "loss": loss}), flush=True)'}</code>, or write such
        lines to <code className="font-mono">/data/metrics.jsonl</code>, and each numeric key gets a chart here.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {fromLog.length > 0 && <ChartGrid title="From the log" series={fromLog} />}
      {fromFile.length > 0 && <ChartGrid title={`From /data/metrics.jsonl${file.data?.truncated ? " (its first 200 kB)" : ""}`} series={fromFile} keyPrefix="metrics.jsonl: " />}
    </div>
  );
}

function ChartGrid({ title, series, keyPrefix = "" }: { title: string; series: MetricSeries[]; keyPrefix?: string }) {
  return (
    <section aria-label={title} className="flex flex-col gap-2">
      <h3 className="text-xs font-medium uppercase tracking-wide text-neutral-500">{title}</h3>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {series.map((s) => (
          <LineChart key={s.key} title={`${keyPrefix}${s.key}`} xs={s.xs} series={[{ label: s.key, ys: s.ys }]} xLabel={X_LABEL[s.xKind]} />
        ))}
      </div>
    </section>
  );
}
