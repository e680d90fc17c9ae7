"use client";

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "react";
import type { ChartProps } from "./line-chart";

const COLORS = ["#f59e0b", "#3b82f6", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#84cc16"];
const AXIS = { stroke: "#8a8a8a", grid: { stroke: "rgba(128,128,128,0.15)", width: 1 }, ticks: { stroke: "rgba(128,128,128,0.3)", width: 1 } };

/**
 * The uPlot drawing of a {@link ChartProps} chart: axes with units, a live legend that shows the
 * values under the cursor (the hover values), one line per series, gaps for null. Loaded lazily by
 * ./line-chart.tsx so uPlot (~50 kB) is not in the first-load JS of any page.
 */
export default function UplotChart({ xs, series, xLabel, xTime, yFormat, height = 180 }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${series.map((s) => s.label).join("\u0000")}|${xLabel}|${xTime ? 1 : 0}`;

  useEffect(() => {
    const host = el.current;
    if (!host) return;
    const fmt = (v: number | null) => (v === null || v === undefined ? "—" : yFormat ? yFormat(v) : formatNumber(v));
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height,
      scales: { x: { time: !!xTime } },
      series: [
        { label: xLabel, value: xTime ? undefined : (_u, v) => (v === null ? "—" : formatNumber(v)) },
        ...series.map((s, k) => ({ label: s.label, stroke: COLORS[k % COLORS.length], width: 1.5, spanGaps: false, value: (_u: uPlot, v: number | null) => fmt(v), points: { show: false } })),
      ],
      axes: [
        { ...AXIS, label: xLabel, labelSize: 18, size: 40 },
        { ...AXIS, size: 64, values: (_u, splits) => splits.map((v) => fmt(v)) },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    const u = new uPlot(opts, [[], ...series.map(() => [])], host);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, host.clientWidth), height }));
    resize.observe(host);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series or the axes change; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData([xs as number[], ...series.map((s) => s.ys as (number | null)[])]);
  });

  return <div ref={el} className="w-full text-xs [&_.u-legend]:text-left" />;
}

/** Short number for axes and legends: 3 significant digits, exponent for very small or large. */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
