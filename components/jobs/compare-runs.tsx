"use client";

import Link from "next/link";
import { useQueries, useQuery } from "@tanstack/react-query";
import { diffLines } from "diff";
import { filesDiff, overlayMetrics, specDiff, type FileRow, type RunFilesAnswer } from "@/lib/jobs/compare-runs";
import { duplicatedFrom } from "@/lib/jobs/duplicated-from";
import type { MetricSeries } from "@/lib/jobs/printed-metrics";
import { textPairOptions } from "@/components/api/buckets/bucket-file";
import { jobDetailOptions } from "@/components/api/jobs/get-job";
import { jobListOptions } from "@/components/api/jobs/list-jobs";
import { logPrintedMetricsOptions } from "@/components/api/jobs/log-printed-metrics";
import { runFilesOptions } from "@/components/api/jobs/run-files";
import type { JobView } from "@/lib/jobs/view";
import { LineChart } from "@/components/charts/line-chart";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { formatBytes, formatDateTime } from "./format";
import { appPaths } from "@/lib/app-paths";

/** Largest input shown as a line diff, in bytes. */
const MAX_TEXT_DIFF = 64 * 1024;
const TEXT_EXT = /\.(json|jsonl|ya?ml|toml|txt|cfg|ini|py|sh|md|csv|tsv|env)$/i;

/**
 * `/jobs/{ns}/compare?ids=a,b[,c]`: runs side by side against the first (the base): spec fields
 * that differ, input files by content hash (small text inputs as a line diff), outputs added /
 * removed / changed by hash and size, and printed metrics overlaid. With one id, offers runs to pick:
 * its parent (duplicate / re-run), runs of the same name, runs of the same schedule.
 */
export function CompareRuns({ namespace, ids }: { namespace: string; ids: string[] }) {
  const jobs = useQueries({ queries: ids.map((id) => jobDetailOptions(namespace, id)) });
  const files = useQueries({ queries: ids.map((id) => runFilesOptions(namespace, id)) });
  const metrics = useQueries({ queries: ids.map((id) => logPrintedMetricsOptions(namespace, id)) });

  const failed = jobs.find((q) => q.isError);
  if (failed) return <ErrorState title="Could not load a run" message={failed.error?.message ?? "Unknown error"} />;
  if (jobs.some((q) => q.isPending)) return <Spinner label="Loading runs" />;
  const views = jobs.map((q) => q.data).filter((j): j is JobView => !!j);

  return (
    <div className="flex flex-col gap-5">
      <nav aria-label="Breadcrumb" className="text-sm text-neutral-500">
        <Link href={appPaths.jobs(namespace)} className="hover:underline">
          Jobs
        </Link>{" "}
        / <span className="font-mono">{namespace}</span> / compare
      </nav>
      <h1 className="text-xl font-semibold">Compare runs</h1>
      <RunHeader namespace={namespace} jobs={views} />
      {views.length < 2 ? (
        views[0] && <PickRun namespace={namespace} base={views[0]} />
      ) : (
        <>
          <Card title="Spec">
            <SpecTable jobs={views} />
          </Card>
          <Card title="Files">
            {files.some((q) => q.isPending) ? (
              <Spinner label="Listing files" />
            ) : files.some((q) => q.isError) ? (
              <p className="text-sm text-red-700 dark:text-red-300">Could not list the files of a run.</p>
            ) : (
              <FilesTable namespace={namespace} jobs={views} answers={files.map((q) => q.data as RunFilesAnswer)} />
            )}
          </Card>
          <Card title="Printed metrics">
            {metrics.some((q) => q.isPending) ? <Spinner label="Reading logs" /> : <MetricsOverlay jobs={views} series={metrics.map((q) => q.data ?? [])} />}
          </Card>
        </>
      )}
    </div>
  );
}

const runLabel = (j: JobView, k: number) => `${k === 0 ? "base" : `run ${k + 1}`}: ${j.name ?? j.id.slice(0, 8)} (${j.id.slice(0, 8)})`;

function RunHeader({ namespace, jobs }: { namespace: string; jobs: JobView[] }) {
  return (
    <ol className="flex flex-wrap gap-3 text-sm" aria-label="Runs">
      {jobs.map((j, k) => (
        <li key={j.id} className="rounded-md border border-neutral-200 px-3 py-2 dark:border-neutral-800">
          <Link className="font-medium text-brand-strong hover:underline" href={appPaths.job(namespace, j.id)}>
            {runLabel(j, k)}
          </Link>
          <div className="text-xs text-neutral-500">
            {j.stage} · {formatDateTime(j.createdAt)}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** One column header per compared run. */
function RunHeaders({ jobs }: { jobs: JobView[] }) {
  return jobs.map((j, k) => (
    <th key={j.id} scope="col" className="py-1 pr-3 font-medium">
      {runLabel(j, k)}
    </th>
  ));
}

function SpecTable({ jobs }: { jobs: JobView[] }) {
  const rows = specDiff(jobs);
  return (
    <table className="w-full text-sm" aria-label="Spec differences">
      <thead className="text-left text-xs text-neutral-500">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">Field</th>
          <RunHeaders jobs={jobs} />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field} className={`border-t border-neutral-100 align-top dark:border-neutral-800 ${r.same ? "text-neutral-500" : ""}`} data-differs={!r.same}>
            <th scope="row" className="py-1 pr-3 text-left font-medium">
              {r.field}
              {!r.same && <span className="ml-1 rounded bg-amber-100 px-1 text-[10px] text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">differs</span>}
            </th>
            {r.values.map((v, k) => (
              <td key={k} className="whitespace-pre-wrap break-all py-1 pr-3 font-mono text-xs">
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const CHANGE_TEXT = { same: "same", changed: "changed", added: "added", removed: "removed" } as const;

function FilesTable({ namespace, jobs, answers }: { namespace: string; jobs: JobView[]; answers: RunFilesAnswer[] }) {
  const rows = filesDiff(answers.map((a) => a.files));
  if (rows.length === 0) return <p className="text-sm text-neutral-500">None of these runs has an artifacts folder with files.</p>;
  const truncated = answers.some((a) => a.truncated);
  return (
    <div className="flex flex-col gap-3">
      {truncated && <p className="text-xs text-amber-700">A run has more than 2 000 files: only the first 2 000 are compared.</p>}
      <table className="w-full text-sm" aria-label="File differences">
        <thead className="text-left text-xs text-neutral-500">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">File</th>
            <th scope="col" className="py-1 pr-3 font-medium">Kind</th>
            <RunHeaders jobs={jobs} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <FileRowView key={r.path} row={r} namespace={namespace} answers={answers} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FileRowView({ row, namespace, answers }: { row: FileRow; namespace: string; answers: RunFilesAnswer[] }) {
  const base = row.files[0];
  const other = row.files.findIndex((f, k) => k > 0 && row.changes[k] === "changed");
  const showDiff = row.origin === "input" && other > 0 && base && TEXT_EXT.test(row.path) && base.size <= MAX_TEXT_DIFF && (row.files[other]?.size ?? 0) <= MAX_TEXT_DIFF;
  return (
    <>
      <tr className={`border-t border-neutral-100 align-top dark:border-neutral-800 ${row.differs ? "" : "text-neutral-500"}`} data-testid="file-diff-row" data-differs={row.differs}>
        <th scope="row" className="py-1 pr-3 text-left font-mono text-xs font-normal">
          {row.path}
        </th>
        <td className="py-1 pr-3 text-xs">{row.origin}</td>
        {row.files.map((f, k) => (
          <td key={k} className="py-1 pr-3 text-xs">
            {f ? (
              <>
                {formatBytes(f.size)} <span className="font-mono text-neutral-500">{f.hash ? f.hash.slice(0, 8) : "no hash"}</span>
              </>
            ) : (
              "—"
            )}
            {k > 0 && row.changes[k] !== "same" && <span className="ml-1 rounded bg-amber-100 px-1 text-[10px] text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">{CHANGE_TEXT[row.changes[k]]}</span>}
          </td>
        ))}
      </tr>
      {showDiff && (
        <tr>
          <td colSpan={2 + row.files.length} className="pb-2">
            <TextDiff namespace={namespace} a={`${answers[0].folder}/${row.path}`} b={`${answers[other].folder}/${row.path}`} label={row.path} />
          </td>
        </tr>
      )}
    </>
  );
}

/** A line diff of two small text files (the `diff` package). */
function TextDiff({ namespace, a, b, label }: { namespace: string; a: string; b: string; label: string }) {
  const texts = useQuery(textPairOptions(namespace, a, b));
  if (!texts.data) return texts.isError ? <p className="text-xs text-red-700">Could not read {label} to diff it.</p> : null;
  const parts = diffLines(texts.data[0], texts.data[1]);
  return (
    <pre aria-label={`Changes in ${label}`} className="max-h-64 overflow-auto rounded border border-neutral-200 bg-neutral-50 p-2 text-xs dark:border-neutral-800 dark:bg-neutral-950">
      {parts.map((p, k) =>
        p.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line, n) => (
            <div key={`${k}-${n}`} className={p.added ? "bg-green-100 text-green-900 dark:bg-green-900/30 dark:text-green-200" : p.removed ? "bg-red-100 text-red-900 dark:bg-red-900/30 dark:text-red-200" : "text-neutral-500"}>
              {p.added ? "+ " : p.removed ? "- " : "  "}
              {line}
            </div>
          )),
      )}
    </pre>
  );
}

const X_LABEL = { step: "step", epoch: "epoch", time: "seconds since first metric line" } as const;

function MetricsOverlay({ jobs, series }: { jobs: JobView[]; series: MetricSeries[][] }) {
  const overlaid = overlayMetrics(series);
  if (overlaid.length === 0) return <p className="text-sm text-neutral-500">None of these runs printed JSON metric lines.</p>;
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      {overlaid.map((m) => (
        <LineChart
          key={m.key}
          title={m.key}
          summary={`${jobs.length} runs`}
          xs={m.xs}
          xLabel={X_LABEL[m.xKind]}
          series={m.ys.map((ys, k) => ({ label: runLabel(jobs[k] as JobView, k), ys }))}
        />
      ))}
    </div>
  );
}

/** Runs to compare a job with: its parent, runs of the same name, runs of its schedule. */
function PickRun({ namespace, base }: { namespace: string; base: JobView }) {
  const sameName = useQuery({ ...jobListOptions(namespace, { label: base.name ? [`name=${base.name}`] : [] }), enabled: !!base.name });
  const parent = duplicatedFrom(base);
  const scheduleId = base.initiator?.type === "scheduled-job" ? base.initiator.id : null;
  const allRecent = useQuery({ ...jobListOptions(namespace, {}), enabled: !!scheduleId });
  const candidates = new Map<string, string>();
  if (parent) candidates.set(parent, "the run it was copied from");
  for (const j of sameName.data?.jobs ?? []) if (j.id !== base.id && !candidates.has(j.id)) candidates.set(j.id, `same name · ${j.stage.toLowerCase()} · ${formatDateTime(j.createdAt)}`);
  for (const j of allRecent.data?.jobs ?? [])
    if (scheduleId && j.initiator?.type === "scheduled-job" && j.initiator.id === scheduleId && j.id !== base.id && !candidates.has(j.id)) {
      candidates.set(j.id, `same schedule · ${j.stage.toLowerCase()} · ${formatDateTime(j.createdAt)}`);
    }
  return (
    <Card title="Pick a run to compare with">
      {candidates.size === 0 ? (
        <p className="text-sm text-neutral-500">{sameName.isPending && base.name ? "Looking for other runs…" : "No other run of this name, schedule or parent."}</p>
      ) : (
        <ul className="flex flex-col gap-1 text-sm">
          {[...candidates].map(([id, why]) => (
            <li key={id}>
              <Link className="font-mono text-brand-strong hover:underline" href={appPaths.compare(namespace, [base.id, id])}>
                {id.slice(0, 12)}
              </Link>{" "}
              <span className="text-neutral-500">{why}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
