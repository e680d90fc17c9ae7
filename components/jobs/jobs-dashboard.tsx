"use client";

import { APP_LABELS } from "@/lib/jobs/constants";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { jobListOptions, type JobListFilters } from "@/components/api/jobs/list-jobs";
import { isActive } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { formatDateTime, formatDuration, totalSeconds } from "./format";
import { StageBadge } from "./stage-badge";
import { appPaths } from "@/lib/app-paths";
import {
  aggregateStage,
  groupRows,
  parseLabelFilter,
  readDashboardUrl,
  sortJobs,
  SORTS,
  STAGE_CHOICES,
  stagesFor,
  writeDashboardUrl,
  type DashboardRow,
  type DashboardUrlState,
} from "./jobs-dashboard-model";

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
        <Link href={appPaths.home()} className={buttonClass({ variant: "primary" })}>
          Compose a job
        </Link>
      }
    >
      Jobs launched in {namespace} will show here.
    </EmptyState>
  );
}

/**
 * `/jobs`: the namespace's jobs, newest first, one Hub page at a time. Stage, label and exact-name
 * filters go to the Hub (so they search the whole namespace); "name contains" and the sort apply to
 * the page on screen. Filters, sort and page live in the URL. Runs of one schedule, and jobs of one
 * network group, are folded.
 * Polls one list request per interval (faster while a job on screen is active), none while the tab
 * is hidden (components/api/jobs/list-jobs.ts).
 */
export function JobsDashboard({ namespace }: { namespace: string }) {
  const searchParams = useSearchParams();
  const url = readDashboardUrl(new URLSearchParams(searchParams.toString()));
  const { stage, name: exactName, q: name, sort, cursors } = url;
  const labelApplied = url.labels;
  const [now, setNow] = useState(() => Date.now());
  const [openGroups, setOpenGroups] = useState<Set<string>>(() => new Set());
  // The URL is the state: replaceState keeps useSearchParams in sync without a server round-trip.
  const update = (patch: Partial<DashboardUrlState>) => {
    const next = writeDashboardUrl(new URLSearchParams(searchParams.toString()), { ...url, ...patch });
    const qs = next.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
  };

  // react-query keys hash by content: a fresh object per render is the same query.
  const hubLabels = [...labelApplied, ...(exactName ? [`name=${exactName}`] : [])];
  const cursor = cursors.at(-1);
  const filters: JobListFilters = { stage: stagesFor(stage), label: hubLabels, ...(cursor ? { cursor } : {}) };
  const query = useQuery(jobListOptions(namespace, filters));
  const jobs = query.data?.jobs;
  const anyActive = jobs?.some((j) => isActive(j.stage)) ?? false;
  useEffect(() => {
    if (!anyActive) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [anyActive]);

  const visible = sortJobs((jobs ?? []).filter((j) => !name || (j.name ?? j.id).toLowerCase().includes(name.toLowerCase())), sort, now);
  const rows = groupRows(visible);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Jobs <span className="font-mono text-base font-normal text-neutral-500">{namespace}</span>
        </h1>
        <Link href={appPaths.home()} className={buttonClass({ variant: "primary" })}>
          New job
        </Link>
      </div>

      <JobFilters url={url} update={update} />

      {query.isPending ? (
        <Spinner label="Loading jobs" />
      ) : query.isError ? (
        <ErrorState title="Could not load jobs" message={query.error.message} onRetry={() => void query.refetch()} />
      ) : visible.length === 0 ? (
        <JobsEmptyState pageCount={jobs?.length ?? 0} hubFiltered={stage !== "" || hubLabels.length > 0} namespace={namespace} />
      ) : (
        <JobsTable rows={rows} namespace={namespace} now={now} openGroups={openGroups} setOpenGroups={setOpenGroups} />
      )}

      <div className="flex items-center gap-2 text-xs text-neutral-500">
        <span>
          Page {cursors.length + 1}
          {query.isFetching && !query.isPending ? " · refreshing" : ""}
        </span>
        <div className="ml-auto flex gap-2">
          <Button size="sm" disabled={cursors.length === 0} onClick={() => update({ cursors: cursors.slice(0, -1) })}>
            Newer
          </Button>
          <Button size="sm" disabled={!query.data?.nextCursor} onClick={() => query.data?.nextCursor && update({ cursors: [...cursors, query.data.nextCursor] })}>
            Older
          </Button>
        </div>
      </div>
    </div>
  );
}


/** The dashboard's filters: stage and labels (applied by the Hub), name on the page or exact, sort. */
function JobFilters({ url, update }: { url: DashboardUrlState; update: (patch: Partial<DashboardUrlState>) => void }) {
  const { stage, name: exactName, q: name, sort } = url;
  const [labelText, setLabelText] = useState(() => url.labels.join(", "));
  const [exactText, setExactText] = useState(exactName);
  const labelCheck = parseLabelFilter(labelText);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label="Filter jobs"
      onSubmit={(e) => {
        e.preventDefault();
        if (labelCheck.invalid.length === 0) update({ labels: labelCheck.labels, cursors: [] });
      }}
    >
      <label className="flex flex-col gap-1 text-xs font-medium">
        Stage
        <select
          value={stage}
          onChange={(e) => update({ stage: e.target.value, cursors: [] })}
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
          onChange={(e) => update({ q: e.target.value })}
          placeholder="train"
          title="Filters the page on screen"
          className="h-9 w-48 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Exact name (all pages)
        <input
          type="search"
          value={exactText}
          onChange={(e) => setExactText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              update({ name: exactText.trim(), cursors: [] });
            }
          }}
          placeholder="train-v2"
          title="The Hub's name label filter: searches the whole namespace"
          className="h-9 w-48 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
        />
      </label>
      <Button size="md" onClick={() => update({ name: exactText.trim(), cursors: [] })}>
        Find name
      </Button>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Sort
        <select
          value={sort}
          onChange={(e) => update({ sort: e.target.value })}
          className="h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm dark:border-neutral-700 dark:bg-neutral-900"
        >
          {SORTS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {labelCheck.invalid.length > 0 && (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          Labels must be key=value: {labelCheck.invalid.join(", ")}
        </p>
      )}
    </form>
  );
}

/** The jobs table: one row per job, folded groups of runs of one schedule or network. */
function JobsTable({
  rows,
  namespace,
  now,
  openGroups,
  setOpenGroups,
}: {
  rows: readonly DashboardRow[];
  namespace: string;
  now: number;
  /** the folded groups shown open, as `by\0id` (kept by the dashboard across reloads of the list) */
  openGroups: ReadonlySet<string>;
  setOpenGroups: Dispatch<SetStateAction<Set<string>>>;
}) {
  return (
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
          {rows.map((row) =>
            row.kind === "job" ? (
              <JobRow key={row.job.id} job={row.job} now={now} />
            ) : (
              <GroupRows
                key={`${row.by}-${row.id}`}
                row={row}
                namespace={namespace}
                now={now}
                open={openGroups.has(`${row.by}\u0000${row.id}`)}
                onToggle={() =>
                  setOpenGroups((g) => {
                    const k = `${row.by}\u0000${row.id}`;
                    const next = new Set(g);
                    if (next.has(k)) next.delete(k);
                    else next.add(k);
                    return next;
                  })
                }
              />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A folded group's header row (an expand/collapse button, then what the group is) and, when `open`,
 * its members' rows. A schedule's fold names the schedule and its latest run; a network group's fold
 * names the group, its member count and the {@link aggregateStage} of the members.
 */
export function GroupRows({ row, namespace, now, open, onToggle }: { row: Extract<DashboardRow, { kind: "group" }>; namespace: string; now: number; open: boolean; onToggle: () => void }) {
  const latest = row.jobs[0];
  return (
    <>
      <tr className="border-t border-neutral-100 bg-neutral-50/60 dark:border-neutral-800 dark:bg-neutral-900/60" data-testid="group-row">
        <td colSpan={7} className="px-3 py-2 text-xs">
          <button type="button" aria-expanded={open} onClick={onToggle} className="font-medium hover:underline">
            {open ? "▾" : "▸"}{" "}
            {row.by === "schedule" ? `${row.jobs.length} runs of schedule ${row.id.slice(0, 8)}…` : `Network group ${row.id} · ${row.jobs.length} jobs`}
          </button>{" "}
          {row.by === "schedule" ? (
            <>
              <span className="text-neutral-500">latest: {latest?.name ?? latest?.id} · {latest?.stage.toLowerCase()}</span>{" "}
              <Link className="text-brand-strong hover:underline" href={appPaths.scheduledJob(namespace, row.id)}>
                schedule
              </Link>
            </>
          ) : (
            <>
              <StageBadge stage={aggregateStage(row.jobs.map((j) => j.stage))} />{" "}
              <Link className="text-brand-strong hover:underline" href={appPaths.group(namespace, row.id)}>
                group page
              </Link>
            </>
          )}
        </td>
      </tr>
      {open && row.jobs.map((job) => <JobRow key={job.id} job={job} now={now} />)}
    </>
  );
}

function JobRow({ job, now }: { job: JobView; now: number }) {
  // the app's own labels (launch key, lineage, time zone…) are bookkeeping: not shown in the row
  const labels = Object.entries(job.labels).filter(([k]) => k !== "name" && !APP_LABELS.includes(k));
  const initiator = job.initiator;
  return (
    <tr className="border-t border-neutral-100 hover:bg-neutral-50 dark:border-neutral-800 dark:hover:bg-neutral-900" data-testid="job-row" data-job-id={job.id}>
      <td className="px-3 py-2">
        <Link href={appPaths.job(job.namespace, job.id)} className="font-medium text-brand-strong hover:underline">
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
