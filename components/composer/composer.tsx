"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { buildJobSpec } from "@/lib/jobs/build-job-spec";
import { checkCron } from "@/lib/jobs/cron";
import type { ParsePep723Result } from "@/lib/jobs/pep723";
import { hardwareOptions, jobKeys } from "@/lib/jobs/queries";
import { APP_LABELS, DEFAULT_FLAVOR, DEFAULT_IMAGE, type LaunchInput } from "@/lib/jobs/schema";
import { maskSecrets, moveToSecrets, secretLint, type SecretFinding } from "@/lib/jobs/secret-lint";
import { formatTimeout, parseTimeout } from "@/lib/jobs/timeout";
import { formatArgs, tokenizeArgs } from "@/lib/jobs/tokenize-args";
import type { ActionError } from "@/lib/result";
import { DropZone } from "./drop-zone";
import { defaultScript, mergeFiles, type ComposerFile } from "./dropped-files";
import { ChipInput, Field, FieldErrors, Group, KeyValueRows, SecretRows, inputClass, nextRowId, type KeyValueRow, type SecretRow } from "./fields";
import { FileList } from "./file-list";
import { FlavorPicker } from "./flavor-picker";
import { hardwareListSchema, pricePerHour } from "./hardware";
import { launchJob, type LaunchProgress } from "./launch-client";
import { ProgressPanel } from "./progress-panel";
import { loadRerun, rerunSecretRows, secretRowErrors } from "./rerun";
import { ScheduleFields, type ScheduleState } from "./schedule-fields";
import { scriptHint } from "./script-hint";
import { SpecPreview } from "./spec-preview";

/** Placeholder folder for the live preview; the real one is chosen on the server at launch. */
const PREVIEW_FOLDER = "YYYYMMDDTHHMMSS-xxxxxx";

/**
 * The composer (issue 6, item 1): drop files, pick the script, fill the fields, see the exact spec and
 * the worst-case cost, then run now or schedule. The spec is built by lib/jobs/build-job-spec on every
 * change (the same function the server runs), so the preview is what will be sent; errors from it and
 * from the server action land on the field they concern.
 */
export function Composer({
  namespaces,
  defaultNamespace,
  rerunFrom = null,
}: {
  namespaces: readonly string[];
  defaultNamespace: string;
  /** "Edit and re-run": the job whose command and input files prefill the form */
  rerunFrom?: { namespace: string; jobId: string } | null;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<ComposerFile[]>([]);
  const [dropNotice, setDropNotice] = useState<string | null>(null);
  const [scriptChoice, setScriptChoice] = useState<string | null>(null);
  const [argsText, setArgsText] = useState("");
  const [userDeps, setUserDeps] = useState<string[] | null>(null);
  const [python, setPython] = useState("");
  const [image, setImage] = useState(DEFAULT_IMAGE);
  const [flavor, setFlavor] = useState(DEFAULT_FLAVOR);
  const [timeoutText, setTimeoutText] = useState("");
  const [envRows, setEnvRows] = useState<KeyValueRow[]>([]);
  const [secretRows, setSecretRows] = useState<SecretRow[]>([]);
  const [labelRows, setLabelRows] = useState<KeyValueRow[]>([]);
  const [name, setName] = useState("");
  // Follows the header's namespace switcher (`defaultNamespace` from `?ns=`) until picked here.
  const [namespaceChoice, setNamespace] = useState<string | null>(null);
  const namespace = namespaceChoice ?? (namespaces.includes(defaultNamespace) ? defaultNamespace : (namespaces[0] ?? ""));
  const [mode, setMode] = useState<"now" | "schedule">("now");
  const [schedule, setSchedule] = useState<ScheduleState>({ cron: "@daily", suspend: false, concurrency: false });
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<ActionError | null>(null);
  const [progress, setProgress] = useState<LaunchProgress | null>(null);
  /** set when a launch failed after its files were uploaded: the retry reuses that folder */
  const [retryFolder, setRetryFolder] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  /** this launch's idempotency key: kept across retries until a launch ends for sure (lib/jobs/schema.ts) */
  const launchKeyRef = useRef<string | null>(null);
  /** the last attempt may have started the job: the next one looks it up first (`resume`) */
  const uncertainRef = useRef(false);
  const [checking, setChecking] = useState(false);

  const [rerun, setRerun] = useState<{ state: "loading" } | { state: "done"; title: string; notes: string[] } | { state: "error"; message: string } | null>(
    rerunFrom ? { state: "loading" } : null,
  );
  const rerunNs = rerunFrom?.namespace;
  const rerunId = rerunFrom?.jobId;
  useEffect(() => {
    if (!rerunNs || !rerunId) return;
    const controller = new AbortController();
    loadRerun({ namespace: rerunNs, jobId: rerunId, signal: controller.signal })
      .then((p) => {
        const { job, command } = p;
        setFiles(p.files);
        if (command?.script) setScriptChoice(command.script);
        setArgsText(p.argsText);
        if (command) setUserDeps(command.dependencies);
        setPython(command?.python ?? "");
        if (job.image && !job.image.startsWith("space:")) setImage(job.image);
        setFlavor(job.flavor);
        if (job.timeoutSeconds !== null) setTimeoutText(String(job.timeoutSeconds));
        setEnvRows(Object.entries(job.environment).map(([key, value]) => ({ id: nextRowId(), key, value })));
        // The names come back, the values never do: each row blocks the launch until typed again.
        setSecretRows(rerunSecretRows({ secretNames: job.secretNames, newId: nextRowId }));
        setLabelRows(Object.entries(job.labels).filter(([k]) => k !== "name" && !APP_LABELS.includes(k)).map(([key, value]) => ({ id: nextRowId(), key, value })));
        setName(job.labels.name ?? "");
        // The page only passes a namespace of the session's, and the job lives in it.
        setNamespace(rerunNs);
        setRerun({ state: "done", title: job.name ?? job.id, notes: p.notes });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setRerun({ state: "error", message: err instanceof Error ? err.message : String(err) });
      });
    return () => controller.abort();
  }, [rerunNs, rerunId]);

  const hardwareQuery = useQuery(hardwareOptions());
  const hardware = useMemo(() => {
    if (!hardwareQuery.data) return undefined;
    const parsed = hardwareListSchema.safeParse(hardwareQuery.data);
    return parsed.success ? parsed.data : undefined;
  }, [hardwareQuery.data]);

  // Entry script: the user's choice while it is still in the list, else the default rule.
  const script = scriptChoice !== null && files.some((f) => f.path === scriptChoice) ? scriptChoice : defaultScript(files);
  const scriptFile = files.find((f) => f.path === script);
  // The PEP 723 parser (and its TOML library) loads only once a script is dropped: not on first load.
  const [pep723, setPep723] = useState<{ parsePep723: (text: string) => ParsePep723Result } | null>(null);
  const needsPep723 = scriptFile?.text != null;
  useEffect(() => {
    if (!needsPep723 || pep723) return;
    let live = true;
    void import("@/lib/jobs/pep723").then((m) => live && setPep723({ parsePep723: m.parsePep723 }));
    return () => {
      live = false;
    };
  }, [needsPep723, pep723]);
  const scriptMetadata: ParsePep723Result | undefined = useMemo(
    () => (scriptFile?.text != null && pep723 ? pep723.parsePep723(scriptFile.text) : undefined),
    [scriptFile, pep723],
  );
  const headerDeps = scriptMetadata?.ok && scriptMetadata.metadata ? scriptMetadata.metadata.dependencies : [];
  // Prefilled from the header until the user edits the chips.
  const dependencies = userDeps ?? headerDeps;

  const tokenized = tokenizeArgs(argsText);
  const args = tokenized.ok ? tokenized.args : [];
  const env = rowsToRecord(envRows);
  const labels = rowsToRecord(labelRows);
  const sessionSecret = secretRows.find((r) => r.fromSession);
  const typedSecrets = Object.fromEntries(secretRows.filter((r) => !r.fromSession && r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));

  const input: LaunchInput = {
    namespace,
    files: files.map((f) => ({ path: f.path, size: f.size })),
    script: script ?? "",
    args,
    dependencies,
    python: python.trim() || undefined,
    image: image.trim() || DEFAULT_IMAGE,
    flavor,
    timeout: timeoutText.trim() || undefined,
    env,
    secrets: typedSecrets,
    // The server puts the session's token under this name; the preview shows a placeholder.
    useSessionTokenAs: sessionSecret?.key,
    labels,
    name: name.trim() || undefined,
    schedule: mode === "schedule" ? schedule : undefined,
  };
  // Cheap (no I/O, a few hundred bytes hashed), so it simply runs on every render.
  const result = buildJobSpec(input, { folder: PREVIEW_FOLDER, ...(scriptMetadata ? { scriptMetadata } : {}) });
  const rowErrors = secretRowErrors({ rows: secretRows });
  const findings = secretLint({ args, env, dependencies, labels, name: name.trim() || undefined });

  const timeoutParse = timeoutText.trim() ? parseTimeout(timeoutText) : null;
  const selectedHardware = hardware?.find((h) => h.name === flavor);
  const hourly = selectedHardware ? pricePerHour(selectedHardware) : null;
  const cronCheck = mode === "schedule" ? checkCron({ schedule: schedule.cron }) : null;

  // Live errors show once the user has typed into a field or tried to launch; required-field errors
  // ("drop a file", "choose the script") only after a launch attempt.
  const errorsFor = (key: string, { live = true }: { live?: boolean } = {}): string[] => {
    const fromServer = serverError?.fieldErrors?.[key] ?? [];
    const fromBuild = live || submitted ? (result.fieldErrors[key] ?? []) : [];
    return [...new Set([...fromBuild, ...(rowErrors[key] ?? []), ...fromServer])];
  };
  const errorsWithPrefix = (prefix: string): string[] => {
    const keys = new Set([...Object.keys(result.fieldErrors), ...Object.keys(serverError?.fieldErrors ?? {})]);
    return [...keys].filter((k) => k === prefix || k.startsWith(`${prefix}.`)).flatMap((k) => errorsFor(k, { live: submitted }));
  };
  const argsErrors = [...(tokenized.ok ? [] : [tokenized.error]), ...errorsWithPrefix("args")];
  const depChipErrors: Record<number, string[]> = {};
  dependencies.forEach((_, i) => {
    const e = errorsFor(`dependencies.${i}`);
    if (e.length > 0) depChipErrors[i] = e;
  });
  const handledPrefixes = ["files", "script", "args", "dependencies", "python", "image", "flavor", "timeout", "env", "secrets", "labels", "name", "namespace", "schedule"];
  const otherErrors = Object.entries(serverError?.fieldErrors ?? {})
    .filter(([k]) => !handledPrefixes.some((p) => k === p || k.startsWith(`${p}.`)))
    .flatMap(([k, v]) => v.map((m) => `${k}: ${m}`));

  const busy = progress !== null && progress.phase !== "error";
  const blocked = Object.keys(result.fieldErrors).length > 0 || Object.keys(rowErrors).length > 0 || !tokenized.ok || (cronCheck !== null && !cronCheck.ok);

  const addFiles = (incoming: ComposerFile[], info: { strippedFolder: string | null; refused: string[] }) => {
    const { files: merged, replaced } = mergeFiles(files, incoming);
    setFiles(merged);
    setServerError(null);
    setRetryFolder(null);
    const notes = [
      info.strippedFolder ? `Folder "${info.strippedFolder}/" added: its contents are at /data/.` : null,
      replaced.length > 0 ? `Replaced ${replaced.join(", ")} with the newer file.` : null,
      info.refused.length > 0 ? `Skipped ${info.refused.join(", ")}: the path leaves the folder.` : null,
    ].filter(Boolean);
    setDropNotice(notes.length > 0 ? notes.join(" ") : null);
  };

  const applyFinding = (finding: SecretFinding) => {
    const secretsNow = Object.fromEntries(secretRows.filter((r) => !r.fromSession).map((r) => [r.key, r.value]));
    const moved = moveToSecrets({ finding, args, env, secrets: secretsNow });
    setArgsText(formatArgs(moved.args));
    setEnvRows(Object.entries(moved.env).map(([key, value]) => ({ id: nextRowId(), key, value })));
    const kept = secretRows.filter((r) => r.fromSession && !(finding.suggestedName in moved.secrets && r.key === finding.suggestedName));
    // Re-run rows still waiting for their value keep blocking the launch after the rows are rebuilt.
    const reenter = new Set(secretRows.filter((r) => r.mustReenter && !r.fromSession).map((r) => r.key));
    setSecretRows([
      ...kept,
      ...Object.entries(moved.secrets).map(([key, value]) => ({ id: nextRowId(), key, value, fromSession: false, sealed: value !== "", mustReenter: reenter.has(key) })),
    ]);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServerError(null);
    if (blocked || !script) {
      // Let React paint the errors, then move focus to the first one.
      requestAnimationFrame(() =>
        (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('[data-testid="dropzone"]'))?.focus(),
      );
      return;
    }
    abortRef.current = new AbortController();
    launchKeyRef.current ??= newLaunchKey();
    const attempt = (folder: string | null) =>
      launchJob({
        signal: abortRef.current?.signal,
        input: { ...input, launchKey: launchKeyRef.current ?? undefined, resume: uncertainRef.current, ...(folder ? { reuseFolder: folder } : {}) },
        files,
        onProgress: setProgress,
      });
    let outcome = await attempt(retryFolder);
    if (!outcome.ok && outcome.error.mayHaveStarted) {
      // The answer was lost after the files were sent: the job may exist. Ask again with the same key;
      // the server looks the job up by it before creating anything (one launch is one job).
      uncertainRef.current = true;
      setChecking(true);
      await new Promise((r) => setTimeout(r, 1500));
      outcome = await attempt(outcome.error.folder ?? retryFolder);
      setChecking(false);
    }
    if (!outcome.ok) {
      setProgress({ phase: "error", loaded: 0, total: 0 });
      setServerError(outcome.error);
      if (outcome.error.folder) setRetryFolder(outcome.error.folder);
      if (!outcome.error.mayHaveStarted) {
        // A clear "no": the next launch is a new one.
        uncertainRef.current = false;
        launchKeyRef.current = null;
      }
      return;
    }
    uncertainRef.current = false;
    launchKeyRef.current = null;
    setProgress({ phase: "done", loaded: 1, total: 1 });
    // Values typed into secrets must not outlive the launch in this page's memory.
    setSecretRows((rows) => rows.map((r) => ({ ...r, value: "", sealed: true, mustReenter: false })));
    const { namespace: ns, jobId, scheduledJobId, recovered, job } = outcome.data;
    const found = recovered ? "?recovered=1" : "";
    // The launch answer carries the created job: the job page renders it at once instead of fetching it.
    if (jobId && job) queryClient.setQueryData(jobKeys.detail(ns, jobId), job);
    router.push(jobId ? `/jobs/${encodeURIComponent(ns)}/${encodeURIComponent(jobId)}${found}` : `/scheduled/${encodeURIComponent(ns)}/${encodeURIComponent(scheduledJobId ?? "")}`);
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Compose a job" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <div className="min-w-0 space-y-6">
        {rerun && (
          <div
            role={rerun.state === "error" ? "alert" : "status"}
            data-testid="rerun-banner"
            className={`rounded-md border px-3 py-2 text-sm ${
              rerun.state === "error"
                ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
                : "border-neutral-200 bg-neutral-50 dark:border-neutral-800 dark:bg-neutral-900"
            }`}
          >
            {rerun.state === "loading" && <Spinner label={`Loading job ${rerunId ?? ""} to edit and re-run`} />}
            {rerun.state === "error" && <p>Could not load the job to re-run: {rerun.message} The form is empty; drop the files again.</p>}
            {rerun.state === "done" && (
              <>
                <p className="font-medium">Editing a copy of {rerun.title}</p>
                <ul className="mt-0.5 list-disc pl-5 text-xs text-neutral-600 dark:text-neutral-400">
                  {rerun.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <Card title="Files">
          <div className="space-y-3">
            <DropZone onFiles={addFiles} disabled={busy} compact={files.length > 0} />
            {dropNotice && (
              <p role="status" className="text-xs text-neutral-600 dark:text-neutral-400">
                {dropNotice}
              </p>
            )}
            <FileList
              files={files}
              plannedPaths={Object.fromEntries(result.files.map((f) => [f.path, f.mountedPath]))}
              script={script}
              onRemove={(path) => {
                setFiles(files.filter((f) => f.path !== path));
                setDropNotice(null);
                setRetryFolder(null);
              }}
              disabled={busy}
            />
            <FieldErrors errors={errorsWithPrefix("files")} />
          </div>
        </Card>

        <Card title="Command">
          <div className="space-y-4">
            <Field
              label="Entry script"
              errors={errorsFor("script", { live: submitted || files.length > 0 })}
              hint={
                scriptMetadata?.ok && scriptMetadata.metadata
                  ? `PEP 723 header found (lines ${scriptMetadata.metadata.startLine}–${scriptMetadata.metadata.endLine})${
                      scriptMetadata.metadata.requiresPython ? `, requires-python ${scriptMetadata.metadata.requiresPython}` : ""
                    }.`
                  : files.length > 0 && !script
                    ? scriptHint({ paths: files.map((f) => f.path) })
                    : undefined
              }
            >
              {({ id, describedBy, invalid }) => (
                <select
                  id={id}
                  value={script ?? ""}
                  onChange={(e) => setScriptChoice(e.target.value || null)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  disabled={files.length === 0}
                  className={`${inputClass(invalid)} font-mono`}
                >
                  {!script && <option value="">{files.length === 0 ? "Drop files first" : "Choose the script…"}</option>}
                  {files.map((f) => (
                    <option key={f.path} value={f.path}>
                      {f.path}
                    </option>
                  ))}
                </select>
              )}
            </Field>

            <Field
              label="Arguments"
              errors={argsErrors}
              hint={
                argsText.trim() !== "" && tokenized.ok ? (
                  <span>
                    {args.length} argument{args.length === 1 ? "" : "s"}:{" "}
                    <span className="inline-flex flex-wrap gap-1 align-middle" data-testid="args-tokens">
                      {args.map((a, i) => (
                        <code key={i} className="rounded bg-neutral-100 px-1 dark:bg-neutral-800">
                          {a === "" ? "(empty)" : maskSecrets(a)}
                        </code>
                      ))}
                    </span>
                  </span>
                ) : (
                  "Quoted like a shell (\"two words\", 'a > b'), but no shell runs: nothing is expanded. Paths of dropped files become /data/…"
                )
              }
            >
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  value={argsText}
                  onChange={(e) => setArgsText(e.target.value)}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="--config config.yaml --epochs 3"
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  className={`${inputClass(invalid)} font-mono`}
                />
              )}
            </Field>
            <SecretFindings findings={findings.filter((f) => f.field === "args")} onMove={applyFinding} />

            <Field
              label="Dependencies"
              errors={errorsFor("dependencies")}
              hint={
                userDeps === null && headerDeps.length > 0
                  ? "Prefilled from the script's PEP 723 header; each one is passed as uv run --with."
                  : "Each one is passed verbatim as uv run --with (extras, markers, < and > are safe). Enter or comma adds."
              }
            >
              {({ id, describedBy, invalid }) => (
                <ChipInput
                  id={id}
                  values={dependencies}
                  onChange={setUserDeps}
                  placeholder="e.g. torch>=2.1"
                  describedBy={describedBy}
                  invalid={invalid}
                  chipErrors={depChipErrors}
                  itemName="dependency"
                />
              )}
            </Field>
            <SecretFindings findings={findings.filter((f) => f.field === "dependencies")} onMove={applyFinding} />

            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Python version" errors={errorsFor("python")} hint="Empty: the image's Python (3.12 on the default image).">
                {({ id, describedBy, invalid }) => (
                  <input id={id} value={python} onChange={(e) => setPython(e.target.value)} placeholder="3.12" aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`} />
                )}
              </Field>
              <Field label="Image" errors={errorsFor("image")} hint="Must contain uv. A Space (hf.co/spaces/owner/name) also works.">
                {({ id, describedBy, invalid }) => (
                  <input id={id} value={image} onChange={(e) => setImage(e.target.value)} spellCheck={false} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`} />
                )}
              </Field>
            </div>
          </div>
        </Card>

        <Card title="Hardware and limits">
          <div className="space-y-4">
            <Field label="Hardware" errors={errorsFor("flavor")}>
              {({ id, describedBy, invalid }) => (
                <FlavorPicker
                  id={id}
                  value={flavor}
                  onChange={setFlavor}
                  hardware={hardware}
                  loading={hardwareQuery.isPending}
                  error={hardwareQuery.isError ? hardwareQuery.error.message : hardwareQuery.data && !hardware ? "The hardware list has an unexpected shape." : null}
                  onRetry={() => void hardwareQuery.refetch()}
                  describedBy={describedBy}
                  invalid={invalid}
                />
              )}
            </Field>
            <Field
              label="Timeout"
              errors={errorsFor("timeout")}
              hint={
                <span data-testid="timeout-seconds">
                  {timeoutParse === null
                    ? "Empty: the Hub's default, 30 min (1800 s). Examples: 90m, 2h, 1h30m, 3600."
                    : timeoutParse.ok
                      ? `= ${timeoutParse.seconds} s (${formatTimeout(timeoutParse.seconds)})`
                      : "Examples: 90m, 2h, 1h30m, 3600."}
                </span>
              }
            >
              {({ id, describedBy, invalid }) => (
                <input id={id} value={timeoutText} onChange={(e) => setTimeoutText(e.target.value)} placeholder="30m" aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid, "w-full max-w-xs")} font-mono`} />
              )}
            </Field>
          </div>
        </Card>

        <Card title="Environment and secrets">
          <div className="space-y-5">
            <Group legend="Environment variables" hint="Plain values, visible in the job's details.">
              <KeyValueRows
                name="environment variable"
                multiline
                rows={envRows}
                onChange={setEnvRows}
                keyPlaceholder="LOG_LEVEL"
                valuePlaceholder="info"
                errorsFor={(k) => errorsFor(`env.${k}`)}
                rowHint={(row) => {
                  const f = findings.find((x) => x.field === "env" && x.key === row.key.trim());
                  return f ? <SecretFindings findings={[f]} onMove={applyFinding} /> : null;
                }}
              />
            </Group>
            <Group legend="Secrets" hint="Write-only: encrypted by the Hub, never shown again here or in the job page.">
              <SecretRows rows={secretRows} onChange={setSecretRows} errorsFor={(k) => errorsFor(`secrets.${k}`)} canUseSessionToken />
            </Group>
          </div>
        </Card>

        <Card title="Name and labels">
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Job name" errors={errorsFor("name")} hint="Letters, digits, . _ - ; empty: derived from the script.">
                {({ id, describedBy, invalid }) => (
                  <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder={result.redactedSpec?.labels.name ?? "my-job"} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={`${inputClass(invalid)} font-mono`} />
                )}
              </Field>
              <Field label="Run in namespace" errors={errorsFor("namespace")} hint="Your account or one of your organizations.">
                {({ id, describedBy, invalid }) => (
                  <select id={id} value={namespace} onChange={(e) => setNamespace(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={inputClass(invalid)}>
                    {namespaces.map((ns) => (
                      <option key={ns} value={ns}>
                        {ns}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <SecretFindings findings={findings.filter((f) => f.field === "name")} onMove={applyFinding} />
            <Group legend="Labels" errors={errorsWithPrefix("labels").filter((e) => !labelRows.some((r) => errorsFor(`labels.${r.key}`).includes(e)))}>
              <KeyValueRows
                name="label"
                rows={labelRows}
                onChange={setLabelRows}
                keyPlaceholder="team"
                valuePlaceholder="nlp"
                errorsFor={(k) => errorsFor(`labels.${k}`)}
                rowHint={(row) => {
                  const f = findings.find((x) => x.field === "labels" && x.key === row.key.trim());
                  return f ? <SecretFindings findings={[f]} onMove={applyFinding} /> : null;
                }}
              />
            </Group>
          </div>
        </Card>
      </div>

      <aside className="min-w-0 space-y-6 lg:sticky lg:top-16 lg:self-start" aria-label="Launch">
        <Card title="When">
          <div className="space-y-3">
            <div role="radiogroup" aria-label="When to run" className="flex gap-2">
              {(["now", "schedule"] as const).map((m) => (
                <label
                  key={m}
                  className={`flex flex-1 cursor-pointer items-center justify-center gap-2 rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand ${
                    mode === m ? "border-brand bg-orange-50 font-medium dark:bg-orange-950/30" : "border-neutral-300 dark:border-neutral-700"
                  }`}
                >
                  <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="sr-only" />
                  {m === "now" ? "Run now" : "Schedule"}
                </label>
              ))}
            </div>
            {mode === "schedule" && <ScheduleFields value={schedule} onChange={setSchedule} errors={serverError?.fieldErrors?.["schedule.cron"] ?? []} />}
          </div>
        </Card>

        <Card title="Job spec preview">
          <SpecPreview
            // The preview counts the re-run secrets still to enter among the problems to fix.
            result={{ ...result, fieldErrors: mergeErrors(result.fieldErrors, rowErrors) }}
            envNames={Object.keys(env)}
            secretNames={[...Object.keys(typedSecrets), ...(sessionSecret ? [sessionSecret.key] : [])]}
            image={image}
            flavorLabel={selectedHardware ? `${selectedHardware.prettyName ?? flavor} (${flavor})` : flavor}
            pricePerHourUSD={hourly}
            folderPlaceholder={PREVIEW_FOLDER}
          />
        </Card>

        <div className="space-y-3">
          {serverError && (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="launch-error">
              <p className="font-medium">{serverError.code === "invalid_input" ? "Some fields need attention" : "The launch failed"}</p>
              <p>{serverError.message}</p>
              {otherErrors.length > 0 && (
                <ul className="mt-1 list-disc pl-5">
                  {otherErrors.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )}
              {serverError.requestId && <p className="mt-1 font-mono text-xs">Request ID: {serverError.requestId}</p>}
              {retryFolder && (
                <p className="mt-1 text-xs">
                  The files are already in folder <code>{retryFolder}</code>: launching again reuses them (only missing files are sent).
                </p>
              )}
            </div>
          )}
          {checking && (
            <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
              The answer was lost: the job may have started — checking…
            </p>
          )}
          {progress && progress.phase !== "error" && <ProgressPanel progress={progress} fileCount={files.length} mode={mode} onCancel={() => abortRef.current?.abort()} />}
          <Button type="submit" variant="primary" className="w-full" disabled={busy} aria-describedby={submitted && blocked ? "launch-blocked" : undefined}>
            {busy ? (mode === "now" ? "Launching…" : "Scheduling…") : mode === "now" ? "Run now" : "Create schedule"}
          </Button>
          {submitted && blocked && (
            <p id="launch-blocked" className="text-xs text-red-700 dark:text-red-300">
              Fix the fields marked in red first.
            </p>
          )}
        </div>
      </aside>
    </form>
  );
}

/**
 * "Looks like a token" warnings (field case B28), with a one-click "Move to secrets" where that fixes
 * it (args, env); dependency, label and name warnings say to remove the token instead.
 */
function SecretFindings({ findings, onMove }: { findings: readonly SecretFinding[]; onMove: (f: SecretFinding) => void }) {
  if (findings.length === 0) return null;
  return (
    <ul className="space-y-1" aria-label="Possible secrets">
      {findings.map((f) => (
        <li key={f.fieldKey} className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          <span className="min-w-0 flex-1">{f.message}</span>
          {f.movable ? (
            <Button size="sm" onClick={() => onMove(f)}>
              Move to secrets as {f.suggestedName}
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** 128 random bits as hex: one launch's idempotency key (LAUNCH_KEY_PATTERN in lib/jobs/schema.ts). */
function newLaunchKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function rowsToRecord(rows: readonly KeyValueRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));
}

function mergeErrors(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = [...new Set([...(out[k] ?? []), ...v])];
  return out;
}
