"use client";

import dynamic from "next/dynamic";
import { Fragment, useState } from "react";
import { fileOrigin } from "@/lib/jobs/file-origin";
import type { FolderEntry } from "@/lib/jobs/api-answers";
import { useJobFiles } from "@/components/api/buckets/list-folder";
import { fileUrl } from "@/components/api/buckets/bucket-file";
import { isActive } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { formatBytes, formatDateTime } from "./format";
import { canPreview } from "./file-url";

// The preview (its fetch and text/image/table rendering) loads when a file is opened.
const FilePreview = dynamic(() => import("./file-preview").then((m) => m.FilePreview), { ssr: false });

/** `1 entry on this page · 18 B in files` (footer of a folder page). */
export function pageSummary({ count, totalBytes }: { count: number; totalBytes: number }): string {
  return `${count} ${count === 1 ? "entry" : "entries"} on this page · ${formatBytes(totalBytes)} in files`;
}

/**
 * A file name that wraps at `.`, `_` and `-` (a `<wbr>` after each) and, only when a piece is still
 * too long, anywhere, so a phone-width table does not cut `metrics` into `metr / ics`. The full name
 * is the title.
 */
export function FileName({ name }: { name: string }) {
  const parts = name.split(/(?<=[._-])/);
  return (
    <span className="[overflow-wrap:anywhere]" title={name}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}

/**
 * The job's artifacts folder (`{ns}/jobs-artifacts/{folder}`), one level at a time with sizes and
 * pages (field case B24); inputs told apart from outputs; download and preview per file; share
 * buttons copying the stable Hub URLs of the folder and of each file (field case B26).
 */
export function OutputsPanel({ job }: { job: JobView }) {
  const folder = job.artifactsFolder;
  const [sub, setSub] = useState<string[]>([]);
  const [offset, setOffset] = useState(0);
  const [previewPath, setPreviewPath] = useState<string | null>(null);
  const path = folder ? [folder, ...sub].join("/") : "";
  const active = isActive(job.stage);
  const listing = useJobFiles({ namespace: job.namespace, id: job.id, path, offset, active, enabled: !!folder });

  if (!folder) {
    return <EmptyState title="No artifacts folder">This job has no bucket folder mounted at /data, so there is nothing to list.</EmptyState>;
  }
  const go = (parts: string[]) => {
    setSub(parts);
    setOffset(0);
    setPreviewPath(null);
  };
  const page = listing.data;
  const files = page?.entries.filter((e) => e.type === "file") ?? [];
  const totalSize = files.reduce((s, e) => s + e.size, 0);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Folder path" className="flex flex-wrap items-center gap-1 font-mono text-xs">
          <button type="button" className="rounded px-1 hover:bg-neutral-100 dark:hover:bg-neutral-800" onClick={() => go([])}>
            {folder}
          </button>
          {sub.map((part, k) => (
            <span key={k} className="flex items-center gap-1">
              <span aria-hidden="true">/</span>
              <button type="button" className="rounded px-1 hover:bg-neutral-100 dark:hover:bg-neutral-800" onClick={() => go(sub.slice(0, k + 1))}>
                {part}
              </button>
            </span>
          ))}
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {page && <CopyButton text={page.webUrl} label="Copy folder link" />}
          {page && (
            <a href={page.webUrl} target="_blank" rel="noreferrer" className="text-xs font-medium text-brand-strong underline-offset-2 hover:underline">
              Open on Hub
            </a>
          )}
        </div>
      </div>

      {listing.isPending ? (
        <Spinner label="Listing files" />
      ) : listing.isError ? (
        <ErrorState title="Could not list the folder" message={listing.error.message} onRetry={() => void listing.refetch()} />
      ) : page && page.entries.length === 0 ? (
        <EmptyState title="Empty folder">{active ? "Files the job writes to /data will appear here." : "Nothing here."}</EmptyState>
      ) : (
        page && (
          <>
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm" aria-label="Files">
                <thead className="text-left text-xs text-neutral-500">
                  <tr>
                    <th scope="col" className="py-1.5 pr-3 font-medium">Name</th>
                    <th scope="col" className="py-1.5 pr-3 font-medium">Kind</th>
                    <th scope="col" className="py-1.5 pr-3 text-right font-medium">Size</th>
                    <th scope="col" className="hidden py-1.5 pr-3 font-medium md:table-cell">Stored</th>
                    <th scope="col" className="py-1.5 font-medium"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((entry) => (
                    <FileRow
                      key={entry.path}
                      entry={entry}
                      job={job}
                      previewOpen={previewPath === entry.path}
                      onOpenFolder={() => go([...sub, entry.name])}
                      onTogglePreview={() => setPreviewPath(previewPath === entry.path ? null : entry.path)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="flex flex-wrap items-center gap-2 text-xs text-neutral-500">
              <span>
                {pageSummary({ count: page.entries.length, totalBytes: totalSize })}
              </span>
              <div className="ml-auto flex gap-2">
                <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 200))}>
                  Previous page
                </Button>
                <Button size="sm" disabled={page.nextOffset === null} onClick={() => page.nextOffset !== null && setOffset(page.nextOffset)}>
                  Next page
                </Button>
              </div>
            </div>
            {previewPath && <FilePreview namespace={job.namespace} path={previewPath} />}
          </>
        )
      )}
    </div>
  );
}

/** One entry of the folder listing: name (a folder opens in place), kind, size, date, file actions. */
function FileRow({
  entry,
  job,
  previewOpen,
  onOpenFolder,
  onTogglePreview,
}: {
  entry: FolderEntry;
  job: JobView;
  previewOpen: boolean;
  onOpenFolder: () => void;
  onTogglePreview: () => void;
}) {
  const origin = fileOrigin(entry, job);
  return (
    <tr className="border-t border-neutral-100 dark:border-neutral-800" data-testid="file-row" data-origin={origin ?? entry.type}>
      <td className="min-w-32 py-1.5 pr-3 font-mono text-xs">
        {entry.type === "directory" ? (
          <>
            <button type="button" className="font-medium text-brand-strong hover:underline" aria-label={`Open folder ${entry.name}`} onClick={onOpenFolder}>
              {entry.name}
            </button>
            <span aria-hidden="true">/</span>
          </>
        ) : (
          <FileName name={entry.name} />
        )}
      </td>
      <td className="py-1.5 pr-3">
        {entry.type === "directory" ? (
          <Badge tone="muted">folder</Badge>
        ) : origin === "input" ? (
          <Badge tone="neutral">input</Badge>
        ) : origin === "output" ? (
          <Badge tone="success">output</Badge>
        ) : null}
      </td>
      <td className="py-1.5 pr-3 text-right whitespace-nowrap tabular-nums">{entry.type === "file" ? formatBytes(entry.size) : ""}</td>
      <td className="hidden py-1.5 pr-3 text-xs text-neutral-500 md:table-cell">{formatDateTime(entry.uploadedAt)}</td>
      <td className="py-1.5">
        {entry.type === "file" && (
          <div className="flex flex-wrap justify-end gap-1.5">
            {canPreview(entry.path) && (
              <Button size="sm" variant="ghost" aria-label={`Preview ${entry.name}`} aria-expanded={previewOpen} onClick={onTogglePreview}>
                Preview
              </Button>
            )}
            <a href={fileUrl(job.namespace, entry.path, "download")} download={entry.name} aria-label={`Download ${entry.name}`} className="inline-flex h-8 items-center rounded-md px-2.5 text-xs font-medium hover:bg-neutral-100 dark:hover:bg-neutral-800">
              Download
            </a>
            <CopyButton text={entry.webUrl} label={`Copy link to ${entry.name}`} variant="ghost" />
          </div>
        )}
      </td>
    </tr>
  );
}
