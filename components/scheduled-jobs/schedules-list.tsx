"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { describeCron } from "@/lib/jobs/cron-words";
import { scheduledListOptions } from "@/components/api/scheduled-jobs/list-scheduled-jobs";
import { scheduleLineageOf } from "@/lib/jobs/schedule-labels";
import type { ScheduledJobView } from "@/lib/jobs/view";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime, formatRelative } from "@/components/jobs/format";
import { ScheduleActions } from "./schedule-actions";
import { appPaths } from "@/lib/app-paths";

/** `/scheduled-jobs`: the namespace's schedules with their next and last runs and row actions. */
export function SchedulesList({ namespace }: { namespace: string }) {
  const query = useQuery(scheduledListOptions(namespace));
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Schedules <span className="font-mono text-base font-normal text-neutral-500">{namespace}</span>
        </h1>
        <Link href={appPaths.home()} className={buttonClass({ variant: "primary" })}>
          New schedule
        </Link>
      </div>
      {query.isPending ? (
        <Spinner label="Loading schedules" />
      ) : query.isError ? (
        <ErrorState title="Could not load schedules" message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState
          title="No schedules"
          action={
            <Link href={appPaths.home()} className={buttonClass({ variant: "primary" })}>
              Compose a scheduled job
            </Link>
          }
        >
          Schedule a job from the composer to run it every hour, day or on any cron.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-neutral-200 dark:border-neutral-800">
          <table className="min-w-full text-sm" aria-label="Schedules">
            <thead className="bg-neutral-50 text-left text-xs text-neutral-500 dark:bg-neutral-900">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="px-3 py-2 font-medium">Schedule</th>
                <th scope="col" className="px-3 py-2 font-medium">Next run</th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Last run</th>
                <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((s) => (
                <tr key={s.id} className="border-t border-neutral-100 align-top dark:border-neutral-800" data-testid="schedule-row">
                  <td className="px-3 py-2">
                    <Link href={appPaths.scheduledJob(s.namespace, s.id)} className="font-medium text-brand-strong hover:underline">
                      {s.name ?? s.id}
                    </Link>
                    <div className="mt-0.5 flex flex-wrap gap-1">
                      {s.suspend ? <Badge tone="warning">suspended</Badge> : <Badge tone="success">active</Badge>}
                      <span className="font-mono text-[11px] text-neutral-500">{s.spec.flavor}</span>
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <ScheduleWhen s={s} />
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {s.suspend ? "—" : s.nextJobRunAt ? <span title={formatDateTime(s.nextJobRunAt)}>{formatRelative(s.nextJobRunAt)}</span> : "—"}
                  </td>
                  <td className="hidden px-3 py-2 text-xs md:table-cell">
                    {s.lastJob ? (
                      <Link className="text-brand-strong hover:underline" href={appPaths.job(s.namespace, s.lastJob.id)}>
                        {formatRelative(s.lastJob.at)}
                      </Link>
                    ) : (
                      "never"
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <ScheduleActions scheduled={s} compact />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The schedule cell: the cron as written in its zone when it has one, and always the UTC cron the Hub runs. */
function ScheduleWhen({ s }: { s: ScheduledJobView }) {
  const { timeZone, localCron } = scheduleLineageOf(s.id, s.spec.labels);
  return (
    <>
      {timeZone && (
        <div>
          {localCron ? <code className="font-mono">{localCron}</code> : "written"} in {timeZone}
        </div>
      )}
      <div>{describeCron(s.schedule)}</div>
      <code className="font-mono text-xs text-neutral-500">{s.schedule}</code>
    </>
  );
}
