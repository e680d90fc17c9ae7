/**
 * A tiny inline SVG line chart of `values` scaled to `[0, max]` (no chart library). The accessible
 * name carries the latest value, since the drawing alone says nothing to a screen reader.
 */
export function Sparkline({ values, max, label, width = 160, height = 36 }: { values: readonly number[]; max: number; label: string; width?: number; height?: number }) {
  const n = values.length;
  const top = max > 0 ? max : Math.max(1, ...values);
  const points = values
    .map((v, k) => {
      const x = n <= 1 ? width : (k / (n - 1)) * width;
      const y = height - (Math.min(Math.max(v, 0), top) / top) * (height - 2) - 1;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="overflow-visible text-brand">
      <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="stroke-neutral-200 dark:stroke-neutral-800" strokeWidth="1" />
      {n > 0 && <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />}
    </svg>
  );
}
