import type { JobSpecView } from "@/lib/jobs/view";
import { formatDuration } from "./format";

/** A definition list of what the job runs: image, command, env, secret names (never values), volumes. */
export function JobSpec({ spec }: { spec: JobSpecView }) {
  const env = Object.entries(spec.environment);
  const labels = Object.entries(spec.labels);
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="font-medium text-neutral-500">Image</dt>
      <dd className="break-all font-mono text-xs">{spec.image || "—"}</dd>
      <dt className="font-medium text-neutral-500">Command</dt>
      <dd>
        <code className="block overflow-x-auto whitespace-pre rounded bg-neutral-100 p-2 font-mono text-xs dark:bg-neutral-800">
          {[...spec.command, ...spec.arguments].map(quoteArg).join(" ") || "—"}
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
          <ul className="space-y-0.5 font-mono text-xs">
            {env.map(([k, v]) => (
              <li key={k} className="break-all">
                {k}={v}
              </li>
            ))}
          </ul>
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
                {v.path ? `/${v.path}` : ""} → {v.mountPath} {v.readOnly ? "(read-only)" : "(read-write)"}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt className="font-medium text-neutral-500">Labels</dt>
      <dd>
        {labels.length === 0 ? (
          "—"
        ) : (
          <ul className="flex flex-wrap gap-1.5 text-xs">
            {labels.map(([k, v]) => (
              <li key={k} className="rounded bg-neutral-100 px-1.5 py-0.5 dark:bg-neutral-800">
                {k}={v}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

/** Shows an argv element so its boundaries are visible (quotes around anything with spaces or quotes). */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
