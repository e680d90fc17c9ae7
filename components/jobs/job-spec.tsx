import type { ReactNode } from "react";
import { APP_LABELS } from "@/lib/jobs/constants";
import type { JobSpecView } from "@/lib/jobs/view";
import { formatDuration } from "./format";

/** Above this many characters a value is shown cut, with a "Show all" disclosure holding the rest. */
const SHOWN_CHARS = 600;

/** A long text shown cut; the whole of it behind "Show all (N characters)". A plain <details>: no script needed. */
function LongText({ text, className }: { text: string; className?: string }) {
  if (text.length <= SHOWN_CHARS) return <span className={className}>{text}</span>;
  return (
    <span className={className}>
      {text.slice(0, SHOWN_CHARS)}…
      <details className="mt-1 font-sans">
        <summary className="cursor-pointer text-xs underline">Show all ({text.length.toLocaleString("en-US")} characters)</summary>
        <span className="block whitespace-pre-wrap break-all font-mono">{text}</span>
      </details>
    </span>
  );
}

/** Lists longer than this show their first entries and "Show all N" for the rest. */
const SHOWN_ENTRIES = 30;

function LongList<T>({ items, render, className }: { items: readonly T[]; render: (item: T) => ReactNode; className: string }) {
  return (
    <>
      <ul className={className}>{items.slice(0, SHOWN_ENTRIES).map(render)}</ul>
      {items.length > SHOWN_ENTRIES && (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs underline">Show all {items.length.toLocaleString("en-US")}</summary>
          <ul className={className}>{items.slice(SHOWN_ENTRIES).map(render)}</ul>
        </details>
      )}
    </>
  );
}

/**
 * A definition list of what the job runs: image, command, env, secret names (never values), volumes.
 * Long commands and values are cut with a "Show all"; long lists show their first entries.
 */
export function JobSpec({ spec }: { spec: JobSpecView }) {
  const env = Object.entries(spec.environment);
  // The app's own labels (launch key, lineage, time zone…) are bookkeeping, not the user's: counted, not listed.
  const labels = Object.entries(spec.labels).filter(([k]) => !APP_LABELS.includes(k));
  const appLabelCount = Object.keys(spec.labels).length - labels.length;
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="font-medium text-neutral-500">Image</dt>
      <dd className="break-all font-mono text-xs">{spec.image || "—"}</dd>
      <dt className="font-medium text-neutral-500">Command</dt>
      <dd>
        <code className="block overflow-x-auto whitespace-pre rounded bg-neutral-100 p-2 font-mono text-xs dark:bg-neutral-800">
          <LongText text={[...spec.command, ...spec.arguments].map(quoteArg).join(" ") || "—"} />
        </code>
      </dd>
      <dt className="font-medium text-neutral-500">Hardware</dt>
      <dd className="font-mono text-xs">{spec.flavor}</dd>
      <dt className="font-medium text-neutral-500">Timeout</dt>
      <dd>{spec.timeoutSeconds === null ? "Hub default" : formatDuration(spec.timeoutSeconds)}</dd>
      <dt className="font-medium text-neutral-500">Environment</dt>
      <dd>
        {env.length === 0 ? (
          "—"
        ) : (
          <LongList
            items={env}
            className="space-y-0.5 font-mono text-xs"
            render={([k, v]) => (
              <li key={k} className="break-all">
                <LongText text={`${k}=${v}`} />
              </li>
            )}
          />
        )}
      </dd>
      <dt className="font-medium text-neutral-500">Secrets</dt>
      <dd>
        {spec.secretNames.length === 0 ? (
          "—"
        ) : (
          <ul className="flex flex-wrap gap-1.5 font-mono text-xs">
            {spec.secretNames.map((name) => (
              <li key={name} className="rounded bg-neutral-100 px-1.5 py-0.5 dark:bg-neutral-800">
                {name} <span className="text-neutral-500">(hidden)</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt className="font-medium text-neutral-500">Volumes</dt>
      <dd>
        {spec.volumes.length === 0 ? (
          "—"
        ) : (
          <ul className="space-y-0.5 font-mono text-xs">
            {spec.volumes.map((v) => (
              <li key={`${v.source}:${v.mountPath}`} className="break-all">
                {v.type}:{v.source}
                {v.path ? `/${v.path}` : ""}
                {v.revision ? `@${v.revision}` : ""} → {v.mountPath} {v.readOnly ? "(read-only)" : "(read-write)"}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt className="font-medium text-neutral-500">Labels</dt>
      <dd>
        {appLabelCount > 0 && (
          <span className="mr-2 text-xs text-neutral-500" title={Object.keys(spec.labels).filter((k) => APP_LABELS.includes(k)).join(", ")}>
            {appLabelCount} set by jobs-studio
          </span>
        )}
        {labels.length === 0 ? (
          appLabelCount > 0 ? null : "—"
        ) : (
          <LongList
            items={labels}
            className="flex flex-wrap gap-1.5 text-xs"
            render={([k, v]) => (
              <li key={k} className="rounded bg-neutral-100 px-1.5 py-0.5 dark:bg-neutral-800">
                {k}={v}
              </li>
            )}
          />
        )}
      </dd>
    </dl>
  );
}

/** Shows an argv element so its boundaries are visible (quotes around anything with spaces or quotes). */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
