import type { ReactNode } from "react";

/** What a list shows when it has nothing: a title, a sentence and an optional next step. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-neutral-300 px-6 py-10 text-center dark:border-neutral-700">
      <p className="font-medium">{title}</p>
      {children !== undefined && <div className="max-w-md text-sm text-neutral-600 dark:text-neutral-400">{children}</div>}
      {action !== undefined && <div className="mt-2">{action}</div>}
    </div>
  );
}
