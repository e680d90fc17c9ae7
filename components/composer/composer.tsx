"use client";

import dynamic from "next/dynamic";
import type { HardwareRead } from "@/lib/jobs/hardware-views";
import { FilesSection } from "./files-section";
import { LaunchPanel } from "./launch-panel";
import { useComposer } from "./use-composer";

// The cards after "Files" are split from the page's first-load JS (issue 15, item 5): the server
// renders them as before and they hydrate when their chunk (./later-cards.tsx) has arrived, while
// the drop zone and the launch button are live at once. Only an "Edit and re-run" page shows the banner.
const RerunBanner = dynamic(() => import("./rerun-banner").then((m) => m.RerunBanner));
const FormCards = dynamic(() => import("./later-cards").then((m) => m.FormCards));
const LaunchCards = dynamic(() => import("./later-cards").then((m) => m.LaunchCards));

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
  hardware,
}: {
  namespaces: readonly string[];
  defaultNamespace: string;
  /** "Edit and re-run": the job whose command and input files prefill the form */
  rerunFrom?: { namespace: string; jobId: string } | null;
  /** the hardware list the server page is reading ({@link HardwareRead}; lib/jobs/hardware-views.ts) */
  hardware: Promise<HardwareRead>;
}) {
  const { model, formRef } = useComposer({ namespaces, defaultNamespace, rerunFrom, hardware });
  return (
    <form ref={formRef} onSubmit={model.onSubmit} noValidate aria-label="Compose a job" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <div className="min-w-0 space-y-6">
        {model.state.rerun && <RerunBanner rerun={model.state.rerun} jobId={model.rerunJobId} />}
        <FilesSection model={model} />
        <FormCards model={model} namespaces={namespaces} />
      </div>
      <aside className="min-w-0 space-y-6 lg:sticky lg:top-16 lg:self-start" aria-label="Launch">
        <LaunchCards model={model} />
        <LaunchPanel model={model} />
      </aside>
    </form>
  );
}
