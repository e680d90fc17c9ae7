"use client";

import dynamic from "next/dynamic";
import { useEffect } from "react";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { DropZone } from "./drop-zone";
import { FieldErrors } from "./field-errors";
import type { ComposerModel } from "./use-composer";

// The file list is needed once there are files (after a drop or a re-run's load): its chunk is fetched
// when the composer mounts, not with the page (issue 15, item 5); the empty state is plain markup.
const loadFileList = () => import("./file-list");
const FileList = dynamic(() => loadFileList().then((m) => m.FileList), { loading: () => <Spinner label="Listing the files" /> });

/** The composer's "Files" card: the drop zone, what the last drop did, the file list and its errors. */
export function FilesSection({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  useEffect(() => {
    // a failed fetch here is retried when the list renders
    loadFileList().catch(() => undefined);
  }, []);
  return (
    <Card title="Files">
      <div className="space-y-3">
        <DropZone
          onFiles={(batch, addFiles) => dispatch({ type: "filesAdded", ...batch, apply: addFiles })}
          onError={(message) => dispatch({ type: "dropFailed", message })} disabled={view.busy} compact={state.files.length > 0} />
        {state.dropNotice && (
          <p role="status" className="text-xs text-neutral-600 dark:text-neutral-400">
            {state.dropNotice}
          </p>
        )}
        {state.files.length === 0 ? (
          <p className="text-sm text-neutral-500 dark:text-neutral-400">No files yet. A uv script with a # /// script header is all a job needs.</p>
        ) : (
          <FileList
            files={state.files}
            plannedPaths={Object.fromEntries((view.result?.files ?? []).map((f) => [f.path, f.mountedPath]))}
            script={view.script}
            onRemove={(path, index) => dispatch({ type: "fileRemoved", path, index })}
            disabled={view.busy}
          />
        )}
        <FieldErrors errors={view.errorsWithPrefix("files")} />
      </div>
    </Card>
  );
}
