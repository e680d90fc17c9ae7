"use client";

import { maskSecrets } from "@/lib/jobs/secret-lint";
import { Field, inputClass } from "./fields";
import type { ComposerModel } from "./use-composer";

/**
 * The composer's job-type switch and the fields of a command job (issue 13, Deliver 1): an image and a
 * command typed like a shell line, split by lib/jobs/command-line.ts (nothing expanded), the way
 * `hf jobs run IMAGE COMMAND…` takes them.
 */
export function JobKindToggle({ model }: { model: ComposerModel }) {
  const { state, dispatch } = model;
  const options = [
    { value: "uv", label: "uv script", hint: "uv run your dropped script" },
    { value: "command", label: "Command", hint: "run a command in any image" },
  ] as const;
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">Job type</legend>
      <div className="flex flex-wrap gap-4">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="job-kind"
              value={o.value}
              checked={state.jobKind === o.value}
              onChange={() => dispatch({ type: "edit", field: "jobKind", value: o.value })}
            />
            {o.label} <span className="text-xs text-neutral-500 dark:text-neutral-400">({o.hint})</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The command line of a command job, with its argv shown as chips. */
export function CommandLineField({ model }: { model: ComposerModel }) {
  const { state, dispatch, view } = model;
  const parsed = view.commandParse;
  return (
    <Field
      label="Command"
      errors={[
        // the line's own error once typed into (or after a launch attempt), else the builder's
        ...(parsed && !parsed.ok && (state.submitted || state.commandText !== "") ? [parsed.error.message] : []),
        ...(parsed && !parsed.ok ? [] : view.errorsWithPrefix("commandArgv")),
      ]}
      hint={
        parsed?.ok ? (
          <span>
            {parsed.argv.length} argument{parsed.argv.length === 1 ? "" : "s"}:{" "}
            <span className="inline-flex flex-wrap gap-1 align-middle" data-testid="command-tokens">
              {parsed.argv.map((a, i) => (
                <code key={i} className="rounded bg-neutral-100 px-1 dark:bg-neutral-800">
                  {a === "" ? "(empty)" : maskSecrets(a)}
                </code>
              ))}
            </span>
          </span>
        ) : (
          "Quoted like a shell (\"two words\", 'a > b'), but no shell runs: nothing is expanded. Dropped files are at /data/…"
        )
      }
    >
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          value={state.commandText}
          onChange={(e) => dispatch({ type: "edit", field: "commandText", value: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          placeholder={'python -c "print(6*7)"'}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={`${inputClass(invalid)} font-mono`}
        />
      )}
    </Field>
  );
}

/** The image: a Docker Hub / GHCR reference or a Space (`hf.co/spaces/owner/name` → `spaceId`). */
export function ImageField({ model, hint }: { model: ComposerModel; hint: string }) {
  const { state, dispatch, view } = model;
  return (
    <Field label="Image" errors={view.errorsFor("image")} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          value={state.image}
          onChange={(e) => dispatch({ type: "edit", field: "image", value: e.target.value })}
          spellCheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={`${inputClass(invalid)} font-mono`}
        />
      )}
    </Field>
  );
}
