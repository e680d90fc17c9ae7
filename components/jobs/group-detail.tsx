"use client";

import Link from "next/link";
import { useState } from "react";
import { useCancelGroup, useGroupMembers } from "@/components/api/jobs/job-group";
import { isActive } from "@/lib/jobs/stage";
import type { JobView } from "@/lib/jobs/view";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Spinner } from "@/components/ui/spinner";
import { appPaths } from "@/lib/app-paths";
import { formatDateTime } from "./format";
import { StageBadge } from "./stage-badge";

/** Rank order: RANK from the env the replica was given, else the Hub's order. */
function rankOf(j: JobView): number {
  const r = Number(j.environment.RANK);
  return Number.isInteger(r) ? r : Number.MAX_SAFE_INTEGER;
}

/**
 * The group page (issue 13 item 4): every member of one network group — rank, alias, stage — and
 * "Cancel all", one action that cancels each active member and re-reads it by GET
 * (lib/jobs/network-group.ts); the list keeps polling until every member is final.
 */
export function GroupDetail({ namespace, group }: { namespace: string; group: string }) {
  const members = useGroupMembers(namespace, group);
  const [confirming, setConfirming] = useState(false);
  const cancelAll = useCancelGroup(namespace, group, () => setConfirming(false));
  if (members.isPending) return <Spinner label="Loading the group" />;
  if (members.isError) return <ErrorState title="Could not load the group" message={members.error.message} />;
  const jobs = [...members.data].sort((a, b) => rankOf(a) - rankOf(b));
  const active = jobs.filter((j) => isActive(j.stage));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Network group <span className="font-mono">{group}</span>
        </h1>
        {active.length > 0 && (
          <Button variant="danger" onClick={() => setConfirming(true)} disabled={cancelAll.isPending}>
            {cancelAll.isPending ? "Cancelling…" : "Cancel all"}
          </Button>
        )}
      </div>
      {cancelAll.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          Cancel all failed: {cancelAll.error.message}
        </p>
      )}
      {cancelAll.data && (
        <p role="status" className="text-sm">
          Cancel sent to every active member; read back: {cancelAll.data.map((m) => `${m.jobId} ${m.stage}`).join(", ")}.
        </p>
      )}
      <Card title={`${jobs.length} ${jobs.length === 1 ? "job" : "jobs"}`}>
        {jobs.length === 0 ? (
          <p className="text-sm text-neutral-500">No job of {namespace} is in this group.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="text-xs text-neutral-500">
                <th className="py-1 font-medium">Rank</th>
                <th className="py-1 font-medium">Job</th>
                <th className="py-1 font-medium">Alias</th>
                <th className="py-1 font-medium">Stage</th>
                <th className="py-1 font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-t border-neutral-100 dark:border-neutral-800" data-testid="group-member">
                  <td className="py-1.5 font-mono">{j.environment.RANK ?? "—"}</td>
                  <td className="py-1.5">
                    <Link className="font-mono text-brand-strong hover:underline" href={appPaths.job(namespace, j.id)}>
                      {j.name ?? j.id}
                    </Link>
                  </td>
                  <td className="py-1.5 font-mono text-xs">{j.network?.aliases.join(", ") || "—"}</td>
                  <td className="py-1.5">
                    <StageBadge stage={j.stage} />
                  </td>
                  <td className="py-1.5 text-xs">{formatDateTime(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <ConfirmDialog
        open={confirming}
        title={`Cancel all ${active.length} running jobs of this group?`}
        confirmLabel="Cancel all jobs"
        cancelLabel="Keep running"
        danger
        pending={cancelAll.isPending}
        onConfirm={() => cancelAll.mutate()}
        onCancel={() => setConfirming(false)}
      >
        Every member stops; files they already wrote to /data stay in their artifacts folders.
      </ConfirmDialog>
    </div>
  );
}
