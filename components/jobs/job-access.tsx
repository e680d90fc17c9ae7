"use client";

import Link from "next/link";
import type { JobView } from "@/lib/jobs/view";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { appPaths } from "@/lib/app-paths";

/** The command that opens a shell in a job with SSH enabled (huggingface_hub 2.x `hf jobs ssh`, specs/hub-jobs-2x.md). */
export function sshCommandOf(job: Pick<JobView, "id" | "namespace">): string {
  return `hf jobs ssh ${job.id}`;
}

/**
 * The job page's "Access" card (issue 13 item 4): its network group (linking the group page), one
 * link per `status.exposeUrls` entry (the ports wait for them while the job starts), and, with SSH
 * enabled, `hf jobs ssh <id>` with a copy button (and `status.sshUrl` when the Hub gives one).
 * Renders nothing for a job with none of these.
 */
export function JobAccess({ job }: { job: JobView }) {
  if (!job.network && job.exposePorts.length === 0 && job.exposeUrls.length === 0 && !job.ssh && !job.sshUrl) return null;
  const ssh = sshCommandOf(job);
  return (
    <Card title="Access">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
        {job.network && (
          <>
            <dt className="font-medium text-neutral-500">Network group</dt>
            <dd>
              <Link className="font-mono text-brand-strong hover:underline" href={appPaths.group(job.namespace, job.network.group)}>
                {job.network.group}
              </Link>
              {job.network.aliases.length > 0 && <span className="ml-2 text-xs text-neutral-500">alias {job.network.aliases.join(", ")}</span>}
            </dd>
          </>
        )}
        {(job.exposePorts.length > 0 || job.exposeUrls.length > 0) && (
          <>
            <dt className="font-medium text-neutral-500">Exposed ports</dt>
            <dd>
              {job.exposeUrls.length === 0 ? (
                <span className="text-neutral-500">{job.exposePorts.join(", ")}: the URLs appear once the job runs</span>
              ) : (
                <ul className="space-y-0.5">
                  {job.exposeUrls.map((url, i) => (
                    <li key={url}>
                      <a className="break-all font-mono text-xs text-brand-strong hover:underline" href={url} target="_blank" rel="noreferrer">
                        {job.exposePorts[i] !== undefined ? `Port ${job.exposePorts[i]}: ` : ""}
                        {url}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        {(job.ssh || job.sshUrl) && (
          <>
            <dt className="font-medium text-neutral-500">SSH</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <code className="rounded bg-neutral-100 px-1.5 py-0.5 font-mono text-xs dark:bg-neutral-800" aria-label="SSH command">
                {ssh}
              </code>
              <CopyButton text={ssh} label="Copy SSH command" />
              {job.sshUrl && <span className="break-all font-mono text-xs text-neutral-500">{job.sshUrl}</span>}
            </dd>
          </>
        )}
      </dl>
    </Card>
  );
}
