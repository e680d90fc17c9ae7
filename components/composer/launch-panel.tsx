"use client";

import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import { launchButton } from "./launch-button";
import type { ComposerModel } from "./use-composer";

// Shown only once Run is pressed (never server-rendered): its chunk loads then, beside the launch code.
const ProgressPanel = dynamic(() => import("./progress-panel").then((m) => m.ProgressPanel));

/** The launch button with what stands in its way: server errors, the "checking" notice, upload progress. */
export function LaunchPanel({ model }: { model: ComposerModel }) {
  const { state, view } = model;
  const { serverError, retryFolder, submitted, mode, progress } = state;
  const { busy, blocked } = view;
  const button = launchButton({ busy, mode, rerun: state.rerun });
  return (
    <div className="space-y-3">
      {serverError && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="launch-error">
          <p className="font-medium">{serverError.code === "invalid_input" ? "Some fields need attention" : "The launch failed"}</p>
          <p>{serverError.message}</p>
          {view.otherErrors.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {view.otherErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
          {serverError.requestId && <p className="mt-1 font-mono text-xs">Request ID: {serverError.requestId}</p>}
          {retryFolder && (
            <p className="mt-1 text-xs">
              The files are already in folder <code>{retryFolder}</code>: launching again reuses them (only missing files are sent).
            </p>
          )}
        </div>
      )}
      {state.checking && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
          The answer was lost: the job may have started — checking…
        </p>
      )}
      {progress && progress.phase !== "error" && <ProgressPanel progress={progress} fileCount={state.files.length} mode={mode} onCancel={model.cancel} />}
      <Button type="submit" variant="primary" className="w-full" disabled={button.disabled} aria-describedby={submitted && blocked ? "launch-blocked" : undefined}>
        {button.label}
      </Button>
      {submitted && blocked && (
        <p id="launch-blocked" className="text-xs text-red-700 dark:text-red-300">
          Fix the fields marked in red first.
        </p>
      )}
    </div>
  );
}
