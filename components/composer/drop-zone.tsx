"use client";

import { fromEvent } from "file-selector";
import { useEffect, useRef, useState, type ClipboardEvent as ReactClipboardEvent, type DragEvent as ReactDragEvent, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import type { addFiles, FileWithPath, ReadBatch } from "./read-drop";

type AddFiles = typeof addFiles;

/**
 * Whether a drag, drop or paste carries files (not text or a link dragged from the page): the
 * `Files` type, or (some Chromium drags list only `text/plain`) an item of kind `file` — the test
 * react-dropzone makes (src/utils/index.ts `isEvtWithFiles`), whose reading of folders
 * (file-selector) this zone keeps.
 */
function carriesFiles(data: DataTransfer | null): boolean {
  if (!data) return false;
  return [...data.types].some((t) => t === "Files" || t === "application/x-moz-file") || [...(data.items ?? [])].some((i) => i.kind === "file");
}

/**
 * The zone's own events: click, Enter or Space → `open()` (the file picker); files dropped on it or
 * pasted while it has focus → `take(event)`; `dragActive` while a drag with files is over the zone
 * (or one of its children). A drop of files beside the zone is refused, so the browser does not
 * replace the page with the file.
 */
function useZoneEvents({ open, take }: { open: () => void; take: (event: Event) => void }) {
  const root = useRef<HTMLDivElement | null>(null);
  /** the elements inside the zone a drag has entered and not yet left (dragleave fires per child) */
  const dragTargets = useRef<EventTarget[]>([]);
  const [dragActive, setDragActive] = useState(false);

  useEffect(() => {
    const block = (e: DragEvent) => {
      if (carriesFiles(e.dataTransfer)) e.preventDefault();
    };
    document.addEventListener("dragover", block);
    document.addEventListener("drop", block);
    // A drag entering the window is the first sign of a drop: the batch reader loads meanwhile.
    document.addEventListener("dragenter", prefetchReadDrop);
    return () => {
      document.removeEventListener("dragover", block);
      document.removeEventListener("drop", block);
      document.removeEventListener("dragenter", prefetchReadDrop);
    };
  }, []);

  const onDrag = (e: ReactDragEvent<HTMLDivElement>) => {
    e.preventDefault();
    const files = carriesFiles(e.dataTransfer);
    if (e.type === "dragenter") {
      dragTargets.current = [...dragTargets.current, e.target];
      if (files) setDragActive(true);
    } else if (e.type === "dragover") {
      if (files) e.dataTransfer.dropEffect = "copy";
    } else if (e.type === "dragleave") {
      // Only once the zone and each of its children have been left (a target Firefox entered twice counts twice).
      const left = dragTargets.current.filter((t) => root.current?.contains(t as Node));
      const i = left.indexOf(e.target);
      if (i !== -1) left.splice(i, 1);
      dragTargets.current = left;
      if (left.length === 0) setDragActive(false);
    } else {
      dragTargets.current = [];
      setDragActive(false);
      if (files) take(e.nativeEvent);
    }
  };

  const handlers = {
    onClick: open,
    onPointerEnter: prefetchReadDrop,
    onFocus: prefetchReadDrop,
    onKeyDown: (e: ReactKeyboardEvent<HTMLDivElement>) => {
      // Only the zone's own keys, not those of an element inside it.
      if (e.target !== e.currentTarget || (e.key !== "Enter" && e.key !== " ")) return;
      e.preventDefault();
      open();
    },
    onPaste: (e: ReactClipboardEvent<HTMLDivElement>) => {
      // Text pasted elsewhere keeps its default; a pasted file is added like a drop.
      if (!carriesFiles(e.clipboardData)) return;
      e.preventDefault();
      take(e.nativeEvent);
    },
    onDragEnter: onDrag,
    onDragOver: onDrag,
    onDragLeave: onDrag,
    onDrop: onDrag,
  };
  return { root, dragActive, handlers };
}

type ReadDrop = typeof import("./read-drop");
let readDrop: Promise<ReadDrop> | null = null;
/** Loads ./read-drop.ts once per page (a failed load is tried again on the next drop or intent). */
function loadReadDrop(): Promise<ReadDrop> {
  readDrop ??= import("./read-drop").catch((err: unknown) => {
    readDrop = null;
    throw err;
  });
  return readDrop;
}
/** Starts loading ./read-drop.ts: a drop or a pick is coming. */
const prefetchReadDrop = () => void loadReadDrop().catch(() => undefined);

/**
 * The drop zone: takes files and whole folders by drag and drop, and files pasted while it has focus;
 * by keyboard it is a focusable button (Enter or Space opens the file picker), a click opens it too;
 * "Choose folder" opens a folder picker (`webkitdirectory`). Each batch is turned into relative paths
 * (the one top folder of a folder drop is stripped, see batchPaths) and small files are read as text
 * for the PEP 723 header (./read-drop.ts: fetched on the first sign of a drop or a pick — a drag
 * entering the window, the pointer or focus on the zone or the folder button — so the first paint
 * does not wait for it). A drop of files that misses the zone is ignored (the browser would otherwise
 * open the file in place of the page).
 *
 * The zone's own events are a few DOM handlers (formerly react-dropzone's `useDropzone`, whose
 * accept/size filters, validators and File System Access picker the composer never used); reading
 * a drop (folders walked entry by entry, `path`/`relativePath` set, `.DS_Store` / `Thumbs.db`
 * skipped) is still file-selector's `fromEvent`.
 */
export function DropZone({
  onFiles,
  onError,
  disabled = false,
  compact = false,
}: {
  /** a batch was read; `addFiles` is the reducer step that adds it (it comes with the reader's chunk) */
  onFiles: (batch: ReadBatch, addFiles: AddFiles) => void;
  /** a batch could not be read (a sentence for the form) */
  onError: (message: string) => void;
  disabled?: boolean;
  /** smaller once files are listed */
  compact?: boolean;
}) {
  const fileInput = useRef<HTMLInputElement | null>(null);
  const folderInput = useRef<HTMLInputElement | null>(null);

  /** Reads a batch (./read-drop.ts, loaded on intent) and hands it to the form. */
  const accept = (raw: readonly FileWithPath[], fromFolderPick = false) => {
    loadReadDrop()
      .then(async (m) => onFiles(await m.readBatch(raw, fromFolderPick), m.addFiles))
      .then(
        () => undefined,
        () => onError("The files could not be read: part of the page did not load (network error). Drop or choose them again."),
      );
  };

  /** Reads the files of a drop, a paste or the picker's change (synchronously within the event: a drop's items die with it). */
  const take = (event: Event) => {
    void fromEvent(event)
      .then((items) => {
        const files: FileWithPath[] = items.filter((f) => f instanceof File);
        return files.length > 0 ? accept(files) : undefined;
      })
      .catch((err: unknown) => console.error(err));
  };

  const open = () => {
    const input = fileInput.current;
    if (!input) return;
    prefetchReadDrop();
    // Picking the same file again must still fire `change`.
    input.value = "";
    input.click();
  };

  const { root, dragActive, handlers } = useZoneEvents({ open, take });

  return (
    <div className="space-y-2">
      <div
        ref={root}
        role="button"
        aria-label="Drop files or folders here, or press Enter to choose files"
        aria-disabled={disabled || undefined}
        tabIndex={disabled ? undefined : 0}
        {...(disabled ? {} : handlers)}
        data-testid="dropzone"
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed text-center outline-none transition-colors focus-visible:ring-2 focus-visible:ring-brand ${
          compact ? "px-4 py-4" : "px-6 py-12"
        } ${
          dragActive
            ? "border-brand bg-orange-50 dark:bg-orange-950/30"
            : "border-neutral-300 hover:border-neutral-400 dark:border-neutral-700 dark:hover:border-neutral-500"
        } ${disabled ? "cursor-not-allowed opacity-60" : ""}`}
      >
        <input
          ref={fileInput}
          type="file"
          multiple
          aria-label="file upload"
          tabIndex={-1}
          // In the flow at zero size rather than `display: none`, as react-dropzone keeps it: the
          // browser does not scroll to it, and a hidden input stays usable.
          style={{ border: 0, display: "block", height: 0, margin: 0, opacity: 0, overflow: "hidden", padding: 0, width: 0 }}
          data-testid="dropzone-input"
          // The picker's click must not reach the zone again (it would open a second picker).
          onClick={(e) => e.stopPropagation()}
          onChange={disabled ? undefined : (e) => take(e.nativeEvent)}
        />
        <p className="font-medium">{dragActive ? "Drop to add" : "Drop your script, configs or a whole folder here"}</p>
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
        <Button size="sm" disabled={disabled} onPointerEnter={prefetchReadDrop} onFocus={prefetchReadDrop} onClick={() => folderInput.current?.click()}>
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
