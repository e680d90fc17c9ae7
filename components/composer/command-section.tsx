"use client";

import { Card } from "@/components/ui/card";
import { maskSecrets } from "@/lib/jobs/secret-lint";
import { CommandLineField, ImageField, JobKindToggle } from "./command-job-fields";
import { ChipInput } from "./chip-input";
import { Field, inputClass } from "./fields";
import { scriptHint } from "./script-hint";
import { SecretFindings } from "./secret-findings";
import type { ComposerModel } from "./use-composer";

/** The composer's "Command" card: entry script, arguments, dependencies, Python version and image. */
export function CommandSection({ model }: { model: ComposerModel }) {
  const { state } = model;
  return (
    <Card title="Command">
      <div className="space-y-4">
        <JobKindToggle model={model} />
        {state.jobKind === "command" ? (
          <>
            <ImageField model={model} hint="Any image: Docker Hub (python:3.12), GHCR, or a Space (hf.co/spaces/owner/name)." />
            <CommandLineField model={model} />
          </>
        ) : (
          <UvFields model={model} />
        )}
      </div>
    </Card>
  );
}

/** The uv script's fields: entry script, arguments, dependencies, Python version and image. */
function UvFields({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  const onMove = model.moveFinding;
  return (
    <>
        <EntryScriptField model={model} />
        <FromScriptNote fromScript={state.scriptHeader?.error ? [] : (state.scriptHeader?.fromScript ?? [])} />
        <ArgumentsField model={model} />
        <SecretFindings findings={view.findings.filter((f) => f.field === "args")} onMove={onMove} />
        <Field
          label="Dependencies"
          errors={view.errorsFor("dependencies")}
          hint={
            state.userDeps === null && view.headerDeps.length > 0
              ? "Prefilled from the script's PEP 723 header; each one is passed as uv run --with."
              : "Each one is passed verbatim as uv run --with (extras, markers, < and > are safe). Enter or comma adds."
          }
        >
          {({ id, describedBy, invalid }) => (
            <ChipInput
              id={id}
              values={view.dependencies}
              onChange={(value) => dispatch({ type: "edit", field: "userDeps", value })}
              placeholder="e.g. torch>=2.1"
              describedBy={describedBy}
              invalid={invalid}
              chipErrors={dependencyErrors(view)}
              itemName="dependency"
            />
          )}
        </Field>
        <SecretFindings findings={view.findings.filter((f) => f.field === "dependencies")} onMove={onMove} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Python version" errors={view.errorsFor("python")} hint="Empty: the image's Python (3.12 on the default image).">
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={state.python}
                onChange={(e) => dispatch({ type: "edit", field: "python", value: e.target.value })}
                placeholder="3.12"
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                className={`${inputClass(invalid)} font-mono`}
              />
            )}
          </Field>
          <ImageField model={model} hint="Must contain uv. A Space (hf.co/spaces/owner/name) also works." />
        </div>
    </>
  );
}

function EntryScriptField({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  const { files, submitted } = state;
  const { script, scriptMetadata } = view;
  const meta = scriptMetadata?.ok ? scriptMetadata.metadata : null;
  return (
    <Field
      label="Entry script"
      errors={[...view.errorsFor("script", { live: submitted || files.length > 0 }), ...(state.scriptHeader?.error ? [state.scriptHeader.error] : [])]}
      hint={
        meta
          ? `PEP 723 header found (lines ${meta.startLine}–${meta.endLine})${meta.requiresPython ? `, requires-python ${meta.requiresPython}` : ""}.`
          : files.length > 0 && !script
            ? scriptHint({ paths: files.map((f) => f.path) })
            : undefined
      }
    >
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={script ?? ""}
          onChange={(e) => dispatch({ type: "edit", field: "scriptChoice", value: e.target.value || null })}
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
  );
}

function ArgumentsField({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  const { args } = view;
  return (
    <Field
      label="Arguments"
      errors={[...(view.tokenized.ok ? [] : [view.tokenized.error]), ...view.errorsWithPrefix("args")]}
      hint={
        state.argsText.trim() !== "" && view.tokenized.ok ? (
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
          value={state.argsText}
          onChange={(e) => dispatch({ type: "edit", field: "argsText", value: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          placeholder="--config config.yaml --epochs 3"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={`${inputClass(invalid)} font-mono`}
        />
      )}
    </Field>
  );
}

/** The marker of the fields the script's `[tool.hf-jobs]` table filled (issue 13, Deliver 2). */
function FromScriptNote({ fromScript }: { fromScript: readonly string[] }) {
  if (fromScript.length === 0) return null;
  return (
    <p role="note" aria-label="Filled from the script" className="rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-200">
      <span aria-hidden="true">📜 </span>From the script&apos;s [tool.hf-jobs] (what you set wins): {fromScript.join(", ")}
    </p>
  );
}

/** Each dependency chip's errors (`dependencies.{i}`), by chip index; chips without errors are left out. */
function dependencyErrors(view: ComposerModel["view"]): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  view.dependencies.forEach((_, i) => {
    const e = view.errorsFor(`dependencies.${i}`);
    if (e.length > 0) out[i] = e;
  });
  return out;
}
