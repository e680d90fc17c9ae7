"use client";

import { useRef } from "react";
import { useDropzone } from "react-dropzone";
import { Button } from "@/components/ui/button";
import { folderPickPaths } from "@/lib/jobs/folder-pick-paths";
import { MAX_TEXT_BYTES, batchPaths, type ComposerFile } from "./dropped-files";

/** File as file-selector (react-dropzone) hands it over: `path`/`relativePath` set for drops. */
type FileWithPath = File & { path?: string; relativePath?: string };

/**
 * The drop zone: takes files and whole folders by drag and drop; by keyboard it is a focusable
 * button (Enter or Space opens the file picker); "Choose folder" opens a folder picker
 * (`webkitdirectory`). Each batch is turned into relative paths (the one top folder of a folder drop
 * is stripped, see batchPaths) and small files are read as text for the PEP 723 header.
 */
export function DropZone({
  onFiles,
  disabled = false,
  compact = false,
}: {
  onFiles: (files: ComposerFile[], info: { strippedFolder: string | null; refused: string[]; keptFolder?: string | null }) => void;
  disabled?: boolean;
  /** smaller once files are listed */
  compact?: boolean;
}) {
  const folderInput = useRef<HTMLInputElement | null>(null);

  /** `fromFolderPick`: "Choose folder" keeps the folder's own name (lib/jobs/folder-pick-paths.ts, issue 13). */
  const accept = async (raw: readonly FileWithPath[], fromFolderPick = false) => {
    const picked = fromFolderPick ? folderPickPaths(raw.map((f) => f.webkitRelativePath || f.name)) : null;
    const { paths, strippedFolder } = picked
      ? { paths: picked.map((p) => p.path), strippedFolder: null }
      : batchPaths(raw.map((f) => f.relativePath ?? f.path ?? f.webkitRelativePath ?? f.name));
    const keptFolder = picked ? (picked.find((p) => p.path?.includes("/"))?.path?.split("/")[0] ?? null) : null;
    const refused: string[] = [];
    const files: ComposerFile[] = [];
    await Promise.all(
      raw.map(async (file, i) => {
        const path = paths[i];
        if (path === null || path === undefined) {
          refused.push(file.name);
          return;
        }
        const text = file.size <= MAX_TEXT_BYTES ? await file.text().catch(() => null) : null;
        files[i] = { path, size: file.size, file, text };
      }),
    );
    onFiles(files.filter(Boolean), { strippedFolder, refused, keptFolder });
  };

  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    onDrop: (accepted) => void accept(accepted as FileWithPath[]),
    disabled,
    multiple: true,
    // Keyboard and click open the picker (default); the root gets tabIndex 0 from react-dropzone.
  });

  return (
    <div className="space-y-2">
      <div
        {...getRootProps({
          role: "button",
          "aria-label": "Drop files or folders here, or press Enter to choose files",
          "aria-disabled": disabled || undefined,
        })}
        data-testid="dropzone"
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed text-center outline-none transition-colors focus-visible:ring-2 focus-visible:ring-brand ${
          compact ? "px-4 py-4" : "px-6 py-12"
        } ${
          isDragActive
            ? "border-brand bg-orange-50 dark:bg-orange-950/30"
            : "border-neutral-300 hover:border-neutral-400 dark:border-neutral-700 dark:hover:border-neutral-500"
        } ${disabled ? "cursor-not-allowed opacity-60" : ""}`}
      >
        <input {...getInputProps()} data-testid="dropzone-input" />
        <p className="font-medium">{isDragActive ? "Drop to add" : "Drop your script, configs or a whole folder here"}</p>
        {!compact && (
          <p className="text-sm text-neutral-600 dark:text-neutral-400">
            or click / press Enter to choose files. Everything goes to a fresh folder mounted at <code>/data</code> in the job.
          </p>
        )}
      </div>
      {!compact && (
        <p className="text-xs text-neutral-500" data-testid="charts-tip">
          Tip: print JSON lines to get charts. Each line like <code>{'{"step": 1, "loss": 0.5}'}</code> (or a line of <code>/data/metrics.jsonl</code>) adds a point to
          one chart per numeric key on the job page, no setup needed.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" disabled={disabled} onClick={() => folderInput.current?.click()}>
          Choose folder
        </Button>
        <input
          ref={(el) => {
            folderInput.current = el;
            // Not in React's typings; the folder picker gives each file a webkitRelativePath.
            el?.setAttribute("webkitdirectory", "");
          }}
          type="file"
          multiple
          hidden
          aria-label="Choose a folder"
          data-testid="folder-input"
          onChange={(e) => {
            const list = e.target.files ? [...e.target.files] : [];
            e.target.value = "";
            if (list.length > 0) void accept(list, true);
          }}
        />
      </div>
    </div>
  );
}
