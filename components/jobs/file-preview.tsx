"use client";

import { useQuery } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/spinner";
import { ErrorState } from "@/components/ui/error-state";
import { IMAGE_RE } from "./file-url";
import { filePreviewOptions, fileUrl } from "@/components/api/buckets/bucket-file";

/** Splits CSV/TSV text into rows, honouring double-quoted fields; stops at `maxRows`. */
export function parseDelimited(text: string, delimiter: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let k = 0; k < text.length && rows.length < maxRows; k++) {
    const c = text[k];
    if (quoted) {
      if (c === '"' && text[k + 1] === '"') {
        field += '"';
        k++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[k + 1] === "\n") k++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if ((field !== "" || row.length > 0) && rows.length < maxRows) rows.push([...row, field]);
  return rows;
}

/**
 * Shows a text, JSON, CSV or image file of the artifacts bucket, read through the app's file route
 * (first 200 KB for text). Everything is rendered as React text, never as HTML.
 */
export function FilePreview({ namespace, path }: { namespace: string; path: string }) {
  const isImage = IMAGE_RE.test(path);
  const text = useQuery({ ...filePreviewOptions(namespace, path), enabled: !isImage });

  if (isImage) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- a private bucket file behind our auth proxy, not an optimizable static image
      <img src={fileUrl(namespace, path, "preview")} alt={`Preview of ${path.split("/").pop()}`} className="max-h-96 max-w-full rounded border border-neutral-200 dark:border-neutral-800" />
    );
  }
  if (text.isPending) return <Spinner label="Loading preview" />;
  if (text.isError) return <ErrorState title="Preview unavailable" message={text.error.message} onRetry={() => void text.refetch()} />;
  const { body, truncated } = text.data;
  const ext = path.split(".").pop()?.toLowerCase();
  let content: React.ReactNode;
  if (ext === "json" && !truncated) {
    let pretty = body;
    try {
      pretty = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not valid JSON: show it as it is
    }
    content = <pre className="max-h-96 overflow-auto whitespace-pre p-3 font-mono text-xs">{pretty}</pre>;
  } else if (ext === "csv" || ext === "tsv") {
    const rows = parseDelimited(body, ext === "csv" ? "," : "\t", 200);
    const [head, ...rest] = rows;
    content = (
      <div className="max-h-96 overflow-auto">
        <table className="min-w-full text-left font-mono text-xs">
          {head && (
            <thead className="sticky top-0 bg-neutral-100 dark:bg-neutral-800">
              <tr>
                {head.map((h, k) => (
                  <th key={k} scope="col" className="px-2 py-1 font-semibold">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {rest.map((r, k) => (
              <tr key={k} className="border-t border-neutral-200 dark:border-neutral-800">
                {r.map((cell, j) => (
                  <td key={j} className="px-2 py-1">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  } else {
    content = <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all p-3 font-mono text-xs">{body}</pre>;
  }
  return (
    <div className="rounded border border-neutral-200 bg-neutral-50 dark:border-neutral-800 dark:bg-neutral-950" data-testid="file-preview">
      {content}
      {truncated && <p className="border-t border-neutral-200 px-3 py-1 text-xs text-neutral-500 dark:border-neutral-800">Showing the first 200 KB. Download the file to see all of it.</p>}
    </div>
  );
}
