"use client";

import { useState } from "react";
import { FieldErrors, inputClass } from "./fields";
import { hfCommandOfForm } from "./hf-command-of-form";
import type { ComposerModel } from "./use-composer";

/**
 * "Copy as hf command" and "Paste hf command" (issue 13, Deliver 5): the exact `hf jobs … run` line of
 * the form (secrets as `-s NAME`, long env values through an env file), and a pasted line filling the form.
 */
export function HfCommandTools({ model }: { model: ComposerModel }) {
  const { state, view } = model;
  const spec = view.result?.redactedSpec ?? null;
  const [copied, setCopied] = useState(false);
  const out = spec
    ? hfCommandOfForm({ spec, kind: state.jobKind, typedName: view.input?.name, ...(state.mode === "schedule" ? { schedule: state.schedule } : {}) })
    : null;
  const copy = async () => {
    if (!out) return;
    try {
      await navigator.clipboard.writeText(out.line);
      setCopied(true);
    } catch {
      setCopied(false); // the line stays visible below to select by hand
    }
  };
  return (
    <section aria-label="hf command" className="space-y-2">
      <div className="flex items-center gap-2">
        <button type="button" onClick={copy} disabled={!out} className="rounded-md border px-2 py-1 text-xs font-medium disabled:opacity-50">
          Copy as hf command
        </button>
        {copied && <span className="text-xs text-neutral-500" role="status">Copied</span>}
      </div>
      {out ? (
        <div className="space-y-1 text-xs">
          <code aria-label="hf command line" className="block break-all rounded bg-neutral-100 p-2 font-mono dark:bg-neutral-800">
            {out.line}
          </code>
          {out.secretNames.length > 0 && <p>Export {out.secretNames.join(", ")} in your shell first: the line passes secrets by name.</p>}
          {out.envFile && (
            <div>
              Save the long values as <code>{out.envFile.name}</code> next to it:
              <pre aria-label="env file" className="mt-1 whitespace-pre-wrap rounded bg-neutral-100 p-2 font-mono dark:bg-neutral-800">{out.envFile.content}</pre>
            </div>
          )}
          {out.warnings.map((w) => (
            <p key={w} className="text-amber-700 dark:text-amber-300">{w}</p>
          ))}
        </div>
      ) : (
        <p className="text-xs text-neutral-500">Fix the form first: the line is built from the spec.</p>
      )}
      <PasteHfCommand model={model} />
    </section>
  );
}

function PasteHfCommand({ model }: { model: ComposerModel }) {
  const { state, dispatch } = model;
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [filling, setFilling] = useState(false);
  // The parser (lib/jobs/hf-command-parse.ts) and the form mapping load on the first "Fill the form".
  const fill = async () => {
    setFilling(true);
    let code: [typeof import("@/lib/jobs/hf-command-parse"), typeof import("./hf-command-bridge")];
    try {
      code = await Promise.all([import("@/lib/jobs/hf-command-parse"), import("./hf-command-bridge")]);
    } catch {
      setError("The command reader could not be loaded (network error): try again.");
      return;
    } finally {
      setFilling(false);
    }
    const [{ parseHfCommand }, { formFromHfCommand }] = code;
    const parsed = parseHfCommand(text);
    if (!parsed.ok) {
      setError(`${parsed.error.field}: ${parsed.error.message}`);
      return;
    }
    setError(null);
    dispatch({ type: "hfCommandPasted", form: formFromHfCommand(parsed.value) });
  };
  return (
    <details className="rounded-md border text-xs">
      <summary className="cursor-pointer px-3 py-1.5 font-medium">Paste hf command</summary>
      <div className="space-y-2 p-3">
        <label htmlFor="paste-hf-command" className="block font-medium">
          hf jobs command line
        </label>
        <textarea
          id="paste-hf-command"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={3}
          spellCheck={false}
          placeholder='hf jobs run python:3.12 python -c "print(6*7)"'
          aria-invalid={error !== null || undefined}
          className={`${inputClass(error !== null)} font-mono`}
        />
        <FieldErrors errors={error ? [error] : []} />
        <button type="button" onClick={() => void fill()} disabled={filling} className="rounded-md border px-2 py-1 font-medium">
          Fill the form
        </button>
        {state.pasteNotes && state.pasteNotes.length > 0 && (
          <ul aria-label="Paste notes" className="list-disc space-y-0.5 pl-4">
            {state.pasteNotes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
