"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { ApiRequestError } from "@/components/api/get-json";
import { scheduledDetailOptions } from "@/components/api/scheduled-jobs/get-scheduled-job";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { JobSpec } from "@/components/jobs/job-spec";
import { ScheduleActions } from "./schedule-actions";
import { ScheduleEditor } from "./schedule-editor";
import { ScheduleFacts } from "./schedule-facts";
import { ScheduleRuns } from "./schedule-runs";
import { appPaths } from "@/lib/app-paths";

/** `/scheduled-jobs/{ns}/{id}`: one schedule — when it runs (words + cron), state, actions, its runs, its spec. */
export function ScheduleDetail({ namespace, id }: { namespace: string; id: string }) {
  const router = useRouter();
  const replaced = useSearchParams().get("replaced");
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
      {replaced && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm dark:border-green-800 dark:bg-green-950/30">
          Schedule edited: the Hub cannot change a schedule, so this new schedule ({s.id}) was created and the old one ({replaced}) deleted. Its runs are listed below.
        </p>
      )}
      <ScheduleActions scheduled={s} afterDelete={() => router.push(appPaths.scheduledJobs(namespace))} />

      <ScheduleEditor key={s.id} scheduled={s} />
      <ScheduleFacts s={s} />

      <Card title="Runs">
        <ScheduleRuns s={s} runs={runs} />
      </Card>
      <Card title="Spec">
        <JobSpec spec={s.spec} />
      </Card>
    </div>
  );
}
