"use client";

import Link from "next/link";
import { describeCron } from "@/lib/jobs/cron-words";
import { scheduleLineageOf } from "@/lib/jobs/schedule-labels";
import type { ScheduledJobView } from "@/lib/jobs/view";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDateTime, formatRelative } from "@/components/jobs/format";
import { appPaths } from "@/lib/app-paths";

/**
 * A schedule's facts: when it runs (the cron as written in its zone, when it has one, and the UTC cron
 * the Hub runs), next and last run (each with its zone), overlap, the schedule it replaced, its id.
 */
export function ScheduleFacts({ s }: { s: ScheduledJobView }) {
  const { timeZone, localCron, replaces } = scheduleLineageOf(s.id, s.spec.labels);
  const inZone = (iso: string) => (timeZone ? `${formatDateTime(iso, timeZone)} (${timeZone}) · ${formatDateTime(iso, "UTC")}` : formatDateTime(iso, "UTC"));
  return (
    <dl className="grid grid-cols-1 gap-4 rounded-lg border border-neutral-200 p-4 text-sm sm:grid-cols-2 lg:grid-cols-4 dark:border-neutral-800">
      <div>
        <dt className="text-xs text-neutral-500">Schedule</dt>
        {timeZone ? (
          <>
            <dd className="font-medium" data-testid="schedule-zone">
              {localCron ? (
                <>
                  <code className="font-mono">{localCron}</code> in {timeZone}
                </>
              ) : (
                <>Written in {timeZone}</>
              )}
            </dd>
            <dd className="text-xs text-neutral-500" data-testid="schedule-utc">
              UTC (what the Hub runs): <code className="font-mono">{s.schedule}</code> · {describeCron(s.schedule)}
            </dd>
          </>
        ) : (
          <>
            <dd className="font-medium">{describeCron(s.schedule)}</dd>
            <dd>
              <code className="font-mono text-xs text-neutral-500">{s.schedule}</code>
            </dd>
          </>
        )}
      </div>
      <div>
        <dt className="text-xs text-neutral-500">Next run</dt>
        <dd className="font-medium" data-testid="next-run">
          {s.suspend ? "— (suspended)" : s.nextJobRunAt ? `${formatRelative(s.nextJobRunAt)} · ${inZone(s.nextJobRunAt)}` : "—"}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-neutral-500">Last run</dt>
        <dd className="font-medium">
          {s.lastJob ? (
            <Link className="text-brand-strong hover:underline" href={appPaths.job(s.namespace, s.lastJob.id)}>
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
        {replaces && (
          <dd className="mt-1 text-xs text-neutral-500">
            Replaces schedule <span className="font-mono">{replaces}</span> (an edit: the Hub has no update); the runs below include those of the schedules it replaced.
          </dd>
        )}
      </div>
    </dl>
  );
}
