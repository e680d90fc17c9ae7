"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { describeCron } from "@/lib/jobs/cron";
import { ApiRequestError } from "@/components/api/get-json";
import { scheduledDetailOptions } from "@/components/api/scheduled-jobs/get-scheduled-job";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime, formatDuration, formatRelative, totalSeconds } from "@/components/jobs/format";
import { JobSpec } from "@/components/jobs/job-spec";
import { StageBadge } from "@/components/jobs/stage-badge";
import { ScheduleActions } from "./schedule-actions";
import { appPaths } from "@/lib/app-paths";

/** `/scheduled-jobs/{ns}/{id}`: one schedule — when it runs (words + cron), state, actions, its runs, its spec. */
export function ScheduleDetail({ namespace, id }: { namespace: string; id: string }) {
  const router = useRouter();
  const query = useQuery(scheduledDetailOptions(namespace, id));
  if (query.isPending) return <Spinner label="Loading schedule" />;
  if (query.isError) {
    const notFound = query.error instanceof ApiRequestError && query.error.status === 404;
    return <ErrorState title={notFound ? "Schedule not found" : "Could not load the schedule"} message={notFound ? `No schedule ${id} in ${namespace}. It may have been deleted, or the link is wrong.` : query.error.message} onRetry={notFound ? undefined : () => void query.refetch()} />;
  }
  const { scheduledJob: s, runs } = query.data;
  return (
    <div className="flex flex-col gap-5">
      <nav aria-label="Breadcrumb" className="text-sm text-neutral-500">
        <Link href={appPaths.scheduledJobs(namespace)} className="hover:underline">
          Schedules
        </Link>{" "}
        / <span className="font-mono">{namespace}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="break-all text-xl font-semibold">{s.name ?? s.id}</h1>
        {s.suspend ? <Badge tone="warning">suspended</Badge> : <Badge tone="success">active</Badge>}
      </div>
      <ScheduleActions scheduled={s} afterDelete={() => router.push(appPaths.scheduledJobs(namespace))} />

      <dl className="grid grid-cols-1 gap-4 rounded-lg border border-neutral-200 p-4 text-sm sm:grid-cols-2 lg:grid-cols-4 dark:border-neutral-800">
        <div>
          <dt className="text-xs text-neutral-500">Schedule</dt>
          <dd className="font-medium">{describeCron(s.schedule)}</dd>
          <dd>
            <code className="font-mono text-xs text-neutral-500">{s.schedule}</code>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-neutral-500">Next run</dt>
          <dd className="font-medium" data-testid="next-run">
            {s.suspend ? "— (suspended)" : s.nextJobRunAt ? `${formatRelative(s.nextJobRunAt)} · ${formatDateTime(s.nextJobRunAt)}` : "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-neutral-500">Last run</dt>
          <dd className="font-medium">
            {s.lastJob ? (
              <Link className="text-brand-strong hover:underline" href={appPaths.job(namespace, s.lastJob.id)}>
                {formatDateTime(s.lastJob.at)}
              </Link>
            ) : (
              "never"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-neutral-500">Overlapping runs</dt>
          <dd className="font-medium">{s.concurrency ? "allowed" : "skipped while one runs"}</dd>
        </div>
        <div className="sm:col-span-2 lg:col-span-4">
          <dt className="text-xs text-neutral-500">Schedule ID</dt>
          <dd className="flex items-center gap-2 font-mono text-xs">
            {s.id} <CopyButton text={s.id} label="Copy schedule ID" variant="ghost" />
          </dd>
        </div>
      </dl>

      <Card title="Runs">
        {runs.length === 0 ? (
          <EmptyState title="No runs yet">Runs appear here when the schedule fires or you press Run now.</EmptyState>
        ) : (
          <ul className="divide-y divide-neutral-100 dark:divide-neutral-800" aria-label="Runs">
            {runs.map((run) => (
              <li key={run.id} className="flex flex-wrap items-center gap-3 py-2 text-sm" data-testid="run-row">
                <StageBadge stage={run.stage} />
                <Link className="font-mono text-xs text-brand-strong hover:underline" href={appPaths.job(run.namespace, run.id)}>
                  {run.id}
                </Link>
                <span className="text-xs text-neutral-500">{formatDateTime(run.createdAt)}</span>
                <span className="ml-auto text-xs tabular-nums">{formatDuration(totalSeconds(run))}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Spec">
        <JobSpec spec={s.spec} />
      </Card>
    </div>
  );
}
