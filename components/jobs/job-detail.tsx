"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiRequestError } from "@/components/api/get-json";
import { hardwareOptions } from "@/components/api/hardware/list-hardware";
import { jobDetailOptions } from "@/components/api/jobs/get-job";
import { duplicatedFrom } from "@/lib/jobs/duplicated-from";
import { isActive } from "@/lib/jobs/stage";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { costSoFar, formatDateTime, formatDuration, formatUSD, runningSeconds, totalSeconds } from "./format";
import { JobAccess } from "./job-access";
import { JobActions } from "./job-actions";
import { JobEndNotice } from "./job-end-notice";
import { JobSpec } from "./job-spec";
import { StageBadge } from "./stage-badge";
import { useFollowedLog } from "./use-followed-log";
import { appPaths } from "@/lib/app-paths";

// The metrics panels (their parsing and chart code) are split from the page's first-load JS: they
// render on the server as before and hydrate when their chunk has arrived (issue 15, item 5).
const MetricsPanel = dynamic(() => import("./metrics-panel").then((m) => m.MetricsPanel));
const PrintedMetricsPanel = dynamic(() => import("./printed-metrics-panel").then((m) => m.PrintedMetricsPanel));
// The log view (its virtual list, ANSI colours, search) and the outputs browser render only once the
// job has loaded, on the client: their chunks are fetched when the page mounts (below), beside the
// job's own request, instead of with the page (issue 15, item 5).
const loadLogView = () => import("./log-view");
const loadOutputsPanel = () => import("./outputs-panel");
const LogView = dynamic(() => loadLogView().then((m) => m.LogView), { loading: () => <Spinner label="Loading the log view" /> });
const OutputsPanel = dynamic(() => loadOutputsPanel().then((m) => m.OutputsPanel), { loading: () => <Spinner label="Loading outputs" /> });

/** Re-renders every second while `on`, for live durations and cost. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return now;
}

/**
 * The job page: header (name, stage from a fresh GET, message, actions), facts (durations, cost so
 * far, initiator), live logs, metrics, outputs and the spec.
 */
export function JobDetail({ namespace, jobId }: { namespace: string; jobId: string }) {
  const query = useQuery(jobDetailOptions(namespace, jobId));
  const hardware = useQuery(hardwareOptions());
  const job = query.data;
  const live = job ? isActive(job.stage) : false;
  const now = useNow(live);
  // One log stream for the page: the log view and the charts of printed metrics share it.
  const log = useFollowedLog(namespace, jobId);
  useEffect(() => {
    // a failed fetch here is retried when the part renders (its loading state stays meanwhile)
    loadLogView().catch(() => undefined);
    loadOutputsPanel().catch(() => undefined);
  }, []);

  if (query.isPending) return <Spinner label="Loading job" />;
  if (query.isError || !job) {
    const notFound = query.error instanceof ApiRequestError && query.error.status === 404;
    return (
      <ErrorState
        title={notFound ? "Job not found" : "Could not load the job"}
        message={notFound ? `No job ${jobId} in ${namespace}. It may have been deleted, or the link is wrong.` : (query.error?.message ?? "Unknown error")}
        requestId={query.error instanceof ApiRequestError ? query.error.error.requestId : undefined}
        // Retrying a missing job cannot help; a failed load (network, Hub down) may.
        onRetry={notFound ? undefined : () => void query.refetch()}
      />
    );
  }

  const scheduling = job.stage.toUpperCase() === "SCHEDULING";
  const initiator = job.initiator;
  const copyOf = duplicatedFrom(job);
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-col gap-3">
        <nav aria-label="Breadcrumb" className="text-sm text-neutral-500">
          <Link href={appPaths.jobs(namespace)} className="hover:underline">
            Jobs
          </Link>{" "}
          / <span className="font-mono">{namespace}</span>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="break-all text-xl font-semibold">{job.name ?? job.id}</h1>
          <StageBadge stage={job.stage} />
          {query.isFetching && <span className="sr-only">Refreshing</span>}
        </div>
        {job.message && (
          <p className="text-sm text-neutral-600 dark:text-neutral-400" data-testid="status-message">
            {job.message}
          </p>
        )}
        {scheduling && (
          <p role="status" className="text-sm text-amber-700 dark:text-amber-300">
            Waiting for hardware — SCHEDULING for {formatDuration(job.durations?.schedulingSecs ?? totalSeconds(job, now))}.
          </p>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <JobActions job={job} />
          <JobEndNotice job={job} />
          <Link className="text-sm text-brand-strong hover:underline" href={appPaths.compare(namespace, copyOf ? [copyOf, jobId] : [jobId])}>
            {copyOf ? "Compare with the original" : "Compare with another run"}
          </Link>
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-neutral-200 p-4 text-sm sm:grid-cols-3 lg:grid-cols-6 dark:border-neutral-800">
        <Fact label="Job ID" value={<span className="break-all font-mono text-xs">{job.id}</span>} />
        <Fact label="Created" value={formatDateTime(job.createdAt)} />
        <Fact label="Waiting" value={formatDuration(job.durations?.schedulingSecs ?? (job.startedAt ? (new Date(job.startedAt).getTime() - new Date(job.createdAt).getTime()) / 1000 : null))} />
        <Fact label="Running" value={formatDuration(runningSeconds(job, now))} />
        <Fact label="Cost so far" value={hardware.isPending ? "…" : formatUSD(costSoFar(job, hardware.data, now))} hint={`${job.flavor} × running time`} />
        <Fact
          label="Started by"
          value={
            initiator?.type === "scheduled-job" && initiator.id ? (
              <Link className="text-brand-strong hover:underline" href={appPaths.scheduledJob(namespace, initiator.id)}>
                schedule
              </Link>
            ) : copyOf ? (
              <Link className="text-brand-strong hover:underline" href={appPaths.job(namespace, copyOf)}>
                copy of {copyOf.slice(0, 8)}…
              </Link>
            ) : (
              (initiator?.name ?? initiator?.type ?? "—")
            )
          }
        />
      </dl>

      <JobAccess job={job} />
      <Card title="Logs">
        <LogView log={log} jobId={jobId} stage={job.stage} />
      </Card>
      <Card title="Charts">
        <PrintedMetricsPanel log={log} namespace={namespace} folder={job.artifactsFolder} active={live} />
      </Card>
      <Card title="Metrics">
        <MetricsPanel namespace={namespace} jobId={jobId} live={live && !scheduling} />
      </Card>
      <Card title="Outputs">
        <OutputsPanel job={job} />
      </Card>
      <Card title="Spec">
        <JobSpec spec={job} />
      </Card>
    </div>
  );
}

function Fact({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div className="flex flex-col gap-0.5" title={hint}>
      <dt className="text-xs text-neutral-500">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
