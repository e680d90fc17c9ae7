"use client";

import dynamic from "next/dynamic";

/** One line of a chart: its legend label and y values (null = gap), aligned with the chart's `xs`. */
export interface ChartSeries {
  label: string;
  ys: readonly (number | null)[];
}

/** Props of {@link LineChart}. */
export interface ChartProps {
  /** x values, ascending for time; unix seconds when `xTime` */
  xs: readonly number[];
  series: readonly ChartSeries[];
  /** x axis label with its unit, e.g. `step` or `time (UTC)` */
  xLabel: string;
  xTime?: boolean;
  /** formats a y value with its unit for the axis and the hover legend (e.g. bytes, %) */
  yFormat?: (v: number) => string;
  height?: number;
}

const Drawing = dynamic(() => import("./uplot-chart"), {
  ssr: false,
  loading: () => <div className="h-[220px] w-full animate-pulse rounded bg-neutral-100 dark:bg-neutral-900" />,
});

/**
 * A named line chart: a `figure` whose accessible name is `title`, with a text summary (points,
 * latest value) for screen readers and tests, and the uPlot drawing loaded on demand.
 */
export function LineChart({ title, summary, ...props }: ChartProps & { title: string; summary?: string }) {
  const n = props.xs.length;
  const last = props.series[0]?.ys.at(-1);
  const text = summary ?? `${n} ${n === 1 ? "point" : "points"}${typeof last === "number" ? `, latest ${props.yFormat ? props.yFormat(last) : last}` : ""}`;
  return (
    <figure aria-label={title} className="flex min-w-0 flex-col gap-1" data-points={n}>
      <figcaption className="flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium">{title}</span>
        <span className="text-neutral-500">{text}</span>
      </figcaption>
      <Drawing {...props} />
    </figure>
  );
}
