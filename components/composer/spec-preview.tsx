import type { ReactNode } from "react";
import type { BuildJobSpecResult, JobSpec } from "@/lib/jobs/build-job-spec";
import { maskSecrets } from "@/lib/jobs/secret-lint";
import { DEFAULT_TIMEOUT_SECONDS, formatUSD, worstCaseCost } from "./hardware";

/**
 * The live preview of exactly what will be sent: argv, image, flavor, timeout, volumes, the names
 * of environment variables and secrets (never a secret's value: only `redactedSpec` and key names
 * are read; token-shaped strings typed into args or env are masked too, field case B28), labels, the files and where the job sees them, and the worst-case cost
 * (timeout × hourly price). While the form has errors the argv is still shown (it is built
 * regardless) and the errors are counted; an invalid timeout shows as invalid, with no cost (a default
 * or a cost would describe a job the form cannot launch).
 */
export function SpecPreview({
  result,
  envNames,
  secretNames,
  image,
  flavorLabel,
  pricePerHourUSD,
  folderPlaceholder,
}: {
  result: BuildJobSpecResult;
  /** names of the environment variables (values are not shown: the preview is about shape) */
  envNames: readonly string[];
  /** names of the secrets; the preview never receives a secret value */
  secretNames: readonly string[];
  /** the image as typed, shown while the spec has errors */
  image: string;
  /** e.g. `CPU Basic (cpu-basic)` */
  flavorLabel: string;
  /** null while the hardware list is loading or failed */
  pricePerHourUSD: number | null;
  /** the stand-in folder name the preview was built with (the real one is made at launch) */
  folderPlaceholder?: string;
}) {
  const spec: JobSpec | null = result.redactedSpec;
  const errorCount = Object.values(result.fieldErrors).reduce((n, list) => n + list.length, 0);
  const timeoutSeconds = spec?.timeoutSeconds ?? null;
  const timeoutInvalid = (result.fieldErrors.timeout?.length ?? 0) > 0;
  const cost = worstCaseCost({ pricePerHourUSD, timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS });
  const labels = spec?.labels ?? {};
  const shownImage = spec ? (spec.dockerImage ?? `Space ${spec.spaceId ?? ""}`) : image;
  const volumes = spec?.volumes ?? [];

  return (
    <div className="space-y-4 text-sm" data-testid="spec-preview">
      {errorCount > 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="spec-error-count">
          {errorCount === 1 ? "1 problem to fix" : `${errorCount} problems to fix`} before launch (see the fields marked in red).
        </p>
      )}
      <PreviewRow label="Command (argv)">
        {result.command.length > 0 ? (
          <ol className="flex flex-wrap gap-1 font-mono text-xs" aria-label="Command arguments" data-testid="spec-argv">
            {result.command.map((arg, i) => (
              <li key={i} className="rounded bg-neutral-100 px-1.5 py-0.5 break-all dark:bg-neutral-800">
                {arg === "" ? <span className="text-neutral-500">(empty)</span> : maskSecrets(arg)}
              </li>
            ))}
          </ol>
        ) : (
          <Muted>Drop a script to see the command.</Muted>
        )}
      </PreviewRow>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5">
        <Term>Image</Term>
        <Desc mono>{shownImage || "—"}</Desc>
        <Term>Hardware</Term>
        <Desc mono>{flavorLabel}</Desc>
        <Term>Timeout</Term>
        <Desc>
          {timeoutInvalid ? (
            <span data-testid="spec-timeout" className="text-red-700 dark:text-red-400">
              invalid — see the Timeout field
            </span>
          ) : timeoutSeconds !== null ? (
            <span data-testid="spec-timeout">{timeoutSeconds} s</span>
          ) : (
            <span data-testid="spec-timeout">Hub default ({DEFAULT_TIMEOUT_SECONDS} s), not sent</span>
          )}
        </Desc>
        <Term>Environment</Term>
        <Desc mono>{envNames.length > 0 ? envNames.join(", ") : <Muted>none</Muted>}</Desc>
        <Term>Secrets</Term>
        <Desc mono>
          <span data-testid="spec-secrets">{secretNames.length > 0 ? secretNames.join(", ") : <Muted>none</Muted>}</span>
        </Desc>
        <Term>Labels</Term>
        <Desc mono>
          {Object.keys(labels).length > 0 ? (
            Object.entries(labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(", ")
          ) : (
            <Muted>none</Muted>
          )}
        </Desc>
        {result.schedule !== undefined && (
          <>
            <Term>Schedule</Term>
            <Desc mono>{result.schedule}</Desc>
          </>
        )}
        <Term>Worst-case cost</Term>
        <Desc>
          <CostText cost={cost} timeoutInvalid={timeoutInvalid} pricePerHourUSD={pricePerHourUSD} timeoutSeconds={timeoutSeconds} scheduled={result.schedule !== undefined} />
        </Desc>
      </dl>
      <VolumesRow volumes={volumes} folderPlaceholder={folderPlaceholder} scheduled={result.schedule !== undefined} />
      {result.files.length > 0 && (
        <PreviewRow label="Files in the job">
          <ul className="space-y-0.5 font-mono text-xs" data-testid="spec-files">
            {result.files.map((f) => (
              <li key={f.path} className="break-all">
                {f.mountedPath}
              </li>
            ))}
          </ul>
        </PreviewRow>
      )}
      {result.warnings.length > 0 && (
        <ul className="space-y-1" aria-label="Warnings" data-testid="spec-warnings">
          {result.warnings.map((w) => (
            <li key={w} className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              {w}
            </li>
          ))}
        </ul>
      )}
      {spec && <SpecJson spec={spec} />}
    </div>
  );
}

/** The whole spec as JSON, folded, secret values hidden. */
function SpecJson({ spec }: { spec: JobSpec }) {
  return (
    <details className="rounded-md border border-neutral-200 dark:border-neutral-800">
      <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium">Full job spec (JSON, secret values hidden)</summary>
      <pre className="max-h-80 overflow-auto px-3 py-2 text-xs" data-testid="spec-json">
        {maskSecrets(JSON.stringify(spec, null, 2))}
      </pre>
    </details>
  );
}

/** The "Volumes" row: each mount, and what the folder placeholder stands for. */
function VolumesRow({ volumes, folderPlaceholder, scheduled }: { volumes: NonNullable<JobSpec["volumes"]>; folderPlaceholder: string | undefined; scheduled: boolean }) {
  return (
    <PreviewRow label="Volumes">
      {volumes.length > 0 ? (
        <ul className="space-y-1 font-mono text-xs" data-testid="spec-volumes">
          {volumes.map((v, i) => (
            <li key={i} className="break-all">
              {v.type}:{v.source}
              {v.path ? `/${v.path}` : ""} → {v.mountPath} ({v.readOnly ? "read-only" : "read-write"})
            </li>
          ))}
          {folderPlaceholder && volumes.some((v) => v.path === folderPlaceholder) && (
            <li className="font-sans text-neutral-500 dark:text-neutral-400">
              {folderPlaceholder} ={" "}
              {scheduled
                ? "one folder named when the schedule is created (UTC time + 6 hex), shared by every run: runs see earlier runs' outputs; write per-run outputs under a folder named after the JOB_ID variable"
                : "a fresh folder named at launch (UTC time + 6 hex)"}
            </li>
          )}
        </ul>
      ) : (
        <Muted>Shown once the form is valid.</Muted>
      )}
    </PreviewRow>
  );
}

/** The worst-case cost: price per hour × timeout (per run for a schedule), or why it is unknown. */
function CostText({
  cost,
  timeoutInvalid,
  pricePerHourUSD,
  timeoutSeconds,
  scheduled,
}: {
  cost: number | null;
  timeoutInvalid: boolean;
  pricePerHourUSD: number | null;
  timeoutSeconds: number | null;
  scheduled: boolean;
}) {
  return (
    <>
      <span data-testid="spec-cost">
        {timeoutInvalid
          ? "— (the timeout is invalid)"
          : cost === null
          ? "unknown (hardware prices not loaded)"
          : `${formatUSD(cost)} (${formatUSD(pricePerHourUSD ?? 0)}/h × ${formatDuration(timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS)})`}
      </span>
      {scheduled && cost !== null && !timeoutInvalid && <span className="text-neutral-500"> per run</span>}
    </>
  );
}

/** `5400` → `1 h 30 min`; `45` → `45 s`. */
export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [d ? `${d} d` : "", h ? `${h} h` : "", m ? `${m} min` : "", s ? `${s} s` : ""].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : "0 s";
}

function PreviewRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <p className="mb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase dark:text-neutral-400">{label}</p>
      {children}
    </div>
  );
}

function Term({ children }: { children: ReactNode }) {
  return <dt className="text-neutral-500 dark:text-neutral-400">{children}</dt>;
}

function Desc({ children, mono = false }: { children: ReactNode; mono?: boolean }) {
  return <dd className={`min-w-0 break-all ${mono ? "font-mono text-xs leading-5" : ""}`}>{children}</dd>;
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-neutral-500 dark:text-neutral-400">{children}</span>;
}
