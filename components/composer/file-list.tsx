"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { MAX_LAUNCH_BYTES } from "@/lib/jobs/constants";
import { LARGE_UPLOAD_BYTES, formatBytes, type ComposerFile } from "./dropped-files";

/**
 * The dropped files: relative path, size, where the job sees it (`/data/…`, field case C10: the
 * exact name is shown, nothing is renamed), which one is the entry script, and a remove button each.
 */
export function FileList({
  files,
  plannedPaths,
  script,
  onRemove,
  disabled,
}: {
  files: readonly ComposerFile[];
  /** relative path → mounted path, from buildJobSpec */
  plannedPaths: Record<string, string>;
  script: string | null;
  /** `index`: the file's position (two files may share a path until one is removed) */
  onRemove: (path: string, index: number) => void;
  disabled: boolean;
}) {
  // the empty state is ./files-section.tsx's (this list loads in its own chunk once there are files)
  if (files.length === 0) return null;
  const total = files.reduce((n, f) => n + f.size, 0);
  return (
    <div className="space-y-1">
      <ul className="divide-y divide-neutral-100 rounded-md border border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800" aria-label="Dropped files" data-testid="file-list">
        {files.map((f, i) => (
          <li key={`${i}:${f.path}`} className="flex flex-wrap items-center gap-x-3 gap-y-0.5 px-3 py-1.5 text-sm" data-testid="file-row">
            <span className="min-w-0 flex-1 font-mono break-all">{f.path}</span>
            {f.path === script && <Badge tone="info">entry script</Badge>}
            <span className="text-xs text-neutral-500 tabular-nums">{formatBytes(f.size)}</span>
            <span className="hidden font-mono text-xs text-neutral-500 sm:inline">{plannedPaths[f.path] ?? ""}</span>
            <Button variant="ghost" size="sm" disabled={disabled} aria-label={`Remove ${f.path}`} onClick={() => onRemove(f.path, i)}>
              ×
            </Button>
          </li>
        ))}
      </ul>
      <p className="text-xs text-neutral-500 dark:text-neutral-400">
        {files.length} file{files.length === 1 ? "" : "s"}, {formatBytes(total)}
      </p>
      {total > LARGE_UPLOAD_BYTES && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="large-upload">
          {formatBytes(total)} is a large upload through the browser (one launch sends at most {MAX_LAUNCH_BYTES / 1024 ** 3} GiB). For big data, upload the files with{" "}
          <code>hf buckets cp</code> or <code>hf upload-large-folder</code> and mount them as a volume instead.
        </p>
      )}
    </div>
  );
}
