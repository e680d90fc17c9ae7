"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { jobListOptions, type JobListFilters } from "@/lib/jobs/queries";
import { FILTERABLE_STAGES, isActive } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime, formatDuration, totalSeconds } from "./format";
import { StageBadge } from "./stage-badge";

const STAGE_CHOICES = [
  { value: "", label: "All stages" },
  { value: "ACTIVE", label: "Active (scheduling or running)" },
  ...FILTERABLE_STAGES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() })),
];

/** Dashboard stage choice → Hub `stage=` values (repeatable, §7.3). */
function stagesFor(choice: string): string[] {
  if (choice === "ACTIVE") return ["SCHEDULING", "RUNNING"];
  return choice ? [choice] : [];
}

/**
 * What the dashboard says when no row is shown: the name filter hid this page's jobs, the stage/label
 * filters (applied by the Hub) matched none, or there are no jobs at all (only then "Compose a job").
 */
export function JobsEmptyState({ pageCount, hubFiltered, namespace }: { pageCount: number; hubFiltered: boolean; namespace: string }) {
  if (pageCount > 0) {
    return <EmptyState title="No job on this page matches the name">{hubFiltered ? "Try another name or other filters." : "Try another name."}</EmptyState>;
  }
  if (hubFiltered) return <EmptyState title="No job matches the filters">Try other filters.</EmptyState>;
  return (
    <EmptyState
      title="No jobs yet"
      action={
        <Link href="/" className={buttonClass({ variant: "primary" })}>
          Compose a job
        </Link>
      }
    >
      Jobs launched in {namespace} will show here.
    </EmptyState>
  );
}

/** `a=b, c=d` → `["a=b","c=d"]`; entries without `=` are reported. */
export function parseLabelFilter(text: string): { labels: string[]; invalid: string[] } {
  const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
  return { labels: parts.filter((p) => /^[^=]+=/.test(p)), invalid: parts.filter((p) => !/^[^=]+=/.test(p)) };
}

/**
 * `/jobs`: the namespace's jobs, newest first, one Hub page at a time. Stage and label filters go to
 * the Hub; the name box filters the rows on screen. Polls one list request per interval (faster while
 * a job on screen is active), none while the tab is hidden (lib/jobs/queries.ts).
 */
export function JobsDashboard({ namespace }: { namespace: string }) {
  const [stage, setStage] = useState("");
  const [labelText, setLabelText] = useState("");
  const [labelApplied, setLabelApplied] = useState<string[]>([]);
  const [name, setName] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const [now, setNow] = useState(() => Date.now());

  const filters: JobListFilters = useMemo(
    () => ({ stage: stagesFor(stage), label: labelApplied, ...(cursors.length ? { cursor: cursors[cursors.length - 1] } : {}) }),
    [stage, labelApplied, cursors],
  );
  const query = useQuery(jobListOptions(namespace, filters));
  const jobs = query.data?.jobs;
  const anyActive = jobs?.some((j) => isActive(j.stage)) ?? false;
  useEffect(() => {
    if (!anyActive) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [anyActive]);

  const labelCheck = parseLabelFilter(labelText);
  const visible = (jobs ?? []).filter((j) => !name || (j.name ?? j.id).toLowerCase().includes(name.toLowerCase()));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Jobs <span className="font-mono text-base font-normal text-neutral-500">{namespace}</span>
        </h1>
        <Link href="/" className={buttonClass({ variant: "primary" })}>
          New job
        </Link>
      </div>

      <form
        className="flex flex-wrap items-end gap-3"
        aria-label="Filter jobs"
        onSubmit={(e) => {
          e.preventDefault();
          if (labelCheck.invalid.length === 0) {
            setLabelApplied(labelCheck.labels);
            setCursors([]);
          }
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium">
          Stage
          <select
            value={stage}
            onChange={(e) => {
              setStage(e.target.value);
              setCursors([]);
            }}
            className="h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
          >
            {STAGE_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Labels (key=value, comma-separated)
          <input
            value={labelText}
            onChange={(e) => setLabelText(e.target.value)}
            placeholder="team=ml, env=prod"
            aria-invalid={labelCheck.invalid.length > 0}
            className="h-9 w-56 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
          />
        </label>
        <Button type="submit" size="md">
          Apply labels
        </Button>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Name contains
          <input
            type="search"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="train"
            className="h-9 w-48 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
          />
        </label>
        {labelCheck.invalid.length > 0 && (
          <p role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
            Labels must be key=value: {labelCheck.invalid.join(", ")}
          </p>
        )}
      </form>

      {query.isPending ? (
        <Spinner label="Loading jobs" />
      ) : query.isError ? (
        <ErrorState title="Could not load jobs" message={query.error.message} onRetry={() => void query.refetch()} />
      ) : visible.length === 0 ? (
        <JobsEmptyState pageCount={jobs?.length ?? 0} hubFiltered={stage !== "" || labelApplied.length > 0} namespace={namespace} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-neutral-200 dark:border-neutral-800">
          <table className="min-w-full text-sm" aria-label="Jobs">
            <thead className="bg-neutral-50 text-left text-xs text-neutral-500 dark:bg-neutral-900">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="px-3 py-2 font-medium">Stage</th>
                <th scope="col" className="px-3 py-2 font-medium">Hardware</th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Created</th>
                <th scope="col" className="px-3 py-2 font-medium">Duration</th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Started by</th>
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">Labels</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((job) => (
                <JobRow key={job.id} job={job} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="flex items-center gap-2 text-xs text-neutral-500">
        <span>
          Page {cursors.length + 1}
          {query.isFetching && !query.isPending ? " · refreshing" : ""}
        </span>
        <div className="ml-auto flex gap-2">
          <Button size="sm" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </Button>
          <Button size="sm" disabled={!query.data?.nextCursor} onClick={() => query.data?.nextCursor && setCursors((c) => [...c, query.data.nextCursor as string])}>
            Older
          </Button>
        </div>
      </div>
    </div>
  );
}

function JobRow({ job, now }: { job: JobView; now: number }) {
  const labels = Object.entries(job.labels).filter(([k]) => k !== "name");
  const initiator = job.initiator;
  return (
    <tr className="border-t border-neutral-100 hover:bg-neutral-50 dark:border-neutral-800 dark:hover:bg-neutral-900" data-testid="job-row" data-job-id={job.id}>
      <td className="px-3 py-2">
        <Link href={`/jobs/${encodeURIComponent(job.namespace)}/${encodeURIComponent(job.id)}`} className="font-medium text-brand-strong hover:underline">
          {job.name ?? job.id}
        </Link>
        {job.name && <div className="font-mono text-[11px] text-neutral-500">{job.id}</div>}
      </td>
      <td className="px-3 py-2">
        <StageBadge stage={job.stage} />
      </td>
      <td className="px-3 py-2 font-mono text-xs">{job.flavor}</td>
      <td className="hidden px-3 py-2 text-xs sm:table-cell">{formatDateTime(job.createdAt)}</td>
      <td className="px-3 py-2 tabular-nums">{formatDuration(totalSeconds(job, now))}</td>
      <td className="hidden px-3 py-2 text-xs md:table-cell">
        {initiator?.type === "scheduled-job" ? "schedule" : initiator?.type === "duplicated-job" ? "duplicate" : (initiator?.name ?? "—")}
      </td>
      <td className="hidden px-3 py-2 lg:table-cell">
        <div className="flex flex-wrap gap-1">
          {labels.map(([k, v]) => (
            <span key={k} className="rounded bg-neutral-100 px-1.5 py-0.5 text-[11px] dark:bg-neutral-800">
              {k}={v}
            </span>
          ))}
        </div>
      </td>
    </tr>
  );
}
