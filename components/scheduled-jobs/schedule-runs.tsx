"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { PER_RUN_LAUNCHER_NAME } from "@/lib/jobs/per-run-launcher";
import { ApiRequestError } from "@/components/api/get-json";
import { jobFilesOptions } from "@/components/api/buckets/list-folder";
import { isTerminal } from "@/lib/jobs/stage";
import type { JobView, ScheduledJobView } from "@/lib/jobs/view";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes, formatDateTime, formatDuration, totalSeconds } from "@/components/jobs/format";
import { StageBadge } from "@/components/jobs/stage-badge";
import { appPaths } from "@/lib/app-paths";

/** Whether a spec runs through the per-run launcher (lib/jobs/per-run-outputs.ts). */
export function usesPerRunOutputs(command: readonly string[]): boolean {
  return command.some((a) => a.endsWith(`/${PER_RUN_LAUNCHER_NAME}`));
}

/**
 * A schedule's runs, its lineage's included (a run of a schedule it replaced says so), newest first;
 * with per-run outputs, each run's own folder `runs/<job id>/` listed (one level) with links to the
 * files and the folder on the Hub.
 */
export function ScheduleRuns({ s, runs }: { s: ScheduledJobView; runs: readonly JobView[] }) {
  const perRun = usesPerRunOutputs(s.spec.command);
  if (runs.length === 0) return <EmptyState title="No runs yet">Runs appear here when the schedule fires or you press Run now.</EmptyState>;
  return (
    <ul className="divide-y divide-neutral-100 dark:divide-neutral-800" aria-label="Runs">
      {runs.map((run) => (
        <li key={run.id} className="py-2 text-sm" data-testid="run-row">
          <div className="flex flex-wrap items-center gap-3">
            <StageBadge stage={run.stage} />
            <Link className="font-mono text-xs text-brand-strong hover:underline" href={appPaths.job(run.namespace, run.id)}>
              {run.id}
            </Link>
            <span className="text-xs text-neutral-500">{formatDateTime(run.createdAt)}</span>
            {run.initiator?.id && run.initiator.id !== s.id && <span className="text-xs text-neutral-500">from replaced schedule {run.initiator.id}</span>}
            <span className="ml-auto text-xs tabular-nums">{formatDuration(totalSeconds(run))}</span>
          </div>
          {perRun && run.artifactsFolder && <RunOutputs run={run} folder={`${run.artifactsFolder}/runs/${run.id}`} />}
        </li>
      ))}
    </ul>
  );
}

function RunOutputs({ run, folder }: { run: JobView; folder: string }) {
  const final = isTerminal(run.stage);
  const query = useQuery(jobFilesOptions({ namespace: run.namespace, id: run.id, path: folder, offset: 0, active: !final }));
  // polling stops when the run ends: read the folder once more then, so its last outputs show
  const { refetch } = query;
  useEffect(() => {
    if (final) void refetch();
  }, [final, refetch]);
  return (
    <section aria-label={`Outputs of ${run.id}`} className="mt-1 ml-2 border-l border-neutral-200 pl-3 text-xs dark:border-neutral-800">
      <p className="text-neutral-500">
        Outputs in <code className="font-mono">/data/runs/{run.id}/</code>
        {query.data && (
          <>
            {" · "}
            <a className="text-brand-strong hover:underline" href={query.data.webUrl} target="_blank" rel="noreferrer">
              folder on the Hub
            </a>
          </>
        )}
      </p>
      {query.isPending ? (
        <p className="text-neutral-500">Loading…</p>
      ) : query.isError ? (
        <p className="text-neutral-500">{query.error instanceof ApiRequestError && query.error.status === 404 ? "No outputs yet." : query.error.message}</p>
      ) : query.data.entries.length === 0 ? (
        <p className="text-neutral-500">No outputs yet.</p>
      ) : (
        <ul>
          {query.data.entries.map((e) => (
            <li key={e.path} className="flex gap-3">
              <a className="font-mono text-brand-strong hover:underline" href={e.webUrl} target="_blank" rel="noreferrer">
                {e.name}
                {e.type === "directory" ? "/" : ""}
              </a>
              {e.type === "file" && <span className="tabular-nums text-neutral-500">{formatBytes(e.size)}</span>}
            </li>
          ))}
          {query.data.nextOffset !== null && <li className="text-neutral-500">… more in the folder on the Hub</li>}
        </ul>
      )}
    </section>
  );
}
