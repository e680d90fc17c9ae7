"use client";

import { Card } from "@/components/ui/card";
import { DropZone } from "./drop-zone";
import { FieldErrors } from "./fields";
import { FileList } from "./file-list";
import type { ComposerModel } from "./use-composer";

/** The composer's "Files" card: the drop zone, what the last drop did, the file list and its errors. */
export function FilesSection({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  return (
    <Card title="Files">
      <div className="space-y-3">
        <DropZone onFiles={(files, info) => dispatch({ type: "filesAdded", files, ...info })} disabled={view.busy} compact={state.files.length > 0} />
        {state.dropNotice && (
          <p role="status" className="text-xs text-neutral-600 dark:text-neutral-400">
            {state.dropNotice}
          </p>
        )}
        <FileList
          files={state.files}
          plannedPaths={Object.fromEntries((view.result?.files ?? []).map((f) => [f.path, f.mountedPath]))}
          script={view.script}
          onRemove={(path, index) => dispatch({ type: "fileRemoved", path, index })}
          disabled={view.busy}
        />
        <FieldErrors errors={view.errorsWithPrefix("files")} />
      </div>
    </Card>
  );
}
