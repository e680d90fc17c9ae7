/** An animated ring with an accessible label (announced politely). */
export function Spinner({ label = "Loading", className = "" }: { label?: string; className?: string }) {
  return (
    <span role="status" className={`inline-flex items-center gap-2 text-sm text-neutral-500 ${className}`}>
      <span
        aria-hidden="true"
        className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-neutral-300 border-t-brand dark:border-neutral-700 dark:border-t-brand"
      />
      <span>{label}…</span>
    </span>
  );
}
