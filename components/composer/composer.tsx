"use client";

import { CommandSection } from "./command-section";
import { EnvSection } from "./env-section";
import { FilesSection } from "./files-section";
import { HardwareSection } from "./hardware-section";
import { LaunchPanel, PreviewSection } from "./launch-panel";
import { NameSection } from "./name-section";
import { RerunBanner } from "./rerun-banner";
import { useComposer } from "./use-composer";
import { WhenSection } from "./when-section";

/**
 * The composer (issue 6, item 1): drop files, pick the script, fill the fields, see the exact spec and
 * the worst-case cost, then run now or schedule. State and launch live in ./use-composer.ts (a reducer,
 * ./composer-state.ts); each card is its own section component. The spec is built by
 * lib/jobs/build-job-spec on every change (the same function the server runs, loaded right after the
 * page), so the preview is what will be sent; errors from it and from the launch land on the field
 * they concern.
 */
export function Composer({
  namespaces,
  defaultNamespace,
  rerunFrom = null,
}: {
  namespaces: readonly string[];
  defaultNamespace: string;
  /** "Edit and re-run": the job whose command and input files prefill the form */
  rerunFrom?: { namespace: string; jobId: string } | null;
}) {
  const { model, formRef } = useComposer({ namespaces, defaultNamespace, rerunFrom });
  return (
    <form ref={formRef} onSubmit={model.onSubmit} noValidate aria-label="Compose a job" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <div className="min-w-0 space-y-6">
        {model.state.rerun && <RerunBanner rerun={model.state.rerun} jobId={model.rerunJobId} />}
        <FilesSection model={model} />
        <CommandSection model={model} />
        <HardwareSection model={model} />
        <EnvSection model={model} />
        <NameSection model={model} namespaces={namespaces} />
      </div>
      <aside className="min-w-0 space-y-6 lg:sticky lg:top-16 lg:self-start" aria-label="Launch">
        <WhenSection model={model} />
        <PreviewSection model={model} />
        <LaunchPanel model={model} />
      </aside>
    </form>
  );
}
