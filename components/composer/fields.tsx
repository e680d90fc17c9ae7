"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { parseDotenv } from "@/lib/jobs/parse-dotenv";
import { REENTER_SECRET_MESSAGE } from "./rerun";

/** Shared input classes: a visible focus ring and a red border when the field has an error. */
export function inputClass(invalid = false, width = "w-full"): string {
  return `${width} rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-brand dark:bg-neutral-900 ${
    invalid ? "border-red-500 dark:border-red-500" : "border-neutral-300 dark:border-neutral-700"
  }`;
}

/**
 * A labelled field: `children` receives the control's id and the ids to put in
 * `aria-describedby` (hint and errors), so the error is announced with the control it concerns.
 */
export function Field({
  label,
  hint,
  errors = [],
  children,
  testId,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[];
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  testId?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1" data-testid={testId}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, describedBy, invalid: errors.length > 0 })}
      {hint && (
        <div id={hintId} className="text-xs text-neutral-500 dark:text-neutral-400">
          {hint}
        </div>
      )}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

/** Error sentences under a field (nothing when empty). */
export function FieldErrors({ id, errors }: { id?: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs text-red-700 dark:text-red-300" data-testid="field-error">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/** A fieldset with a legend, for groups of rows (env, secrets, labels). */
export function Group({ legend, hint, children, errors = [] }: { legend: string; hint?: ReactNode; children: ReactNode; errors?: readonly string[] }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">{legend}</legend>
      {hint && <div className="text-xs text-neutral-500 dark:text-neutral-400">{hint}</div>}
      {children}
      <FieldErrors errors={errors} />
    </fieldset>
  );
}

/**
 * Editable chips (dependencies): Enter or comma adds, Backspace on an empty input removes the last,
 * each chip has a remove button. Values are kept verbatim (PEP 508 strings may contain spaces and
 * commas inside brackets or markers, so a comma splits only outside `[]`, quotes and after a `;`).
 */
export function ChipInput({
  id,
  values,
  onChange,
  placeholder,
  describedBy,
  invalid,
  chipErrors,
  itemName,
}: {
  id: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
  /** index → error sentences */
  chipErrors?: Record<number, readonly string[]>;
  /** e.g. "dependency", for the remove buttons' names */
  itemName: string;
}) {
  const [draft, setDraft] = useState("");
  const add = (raw: string) => {
    const value = raw.trim();
    if (value === "") return;
    if (!values.includes(value)) onChange([...values, value]);
    setDraft("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add(draft);
    } else if (e.key === "," && isTopLevel(draft)) {
      e.preventDefault();
      add(draft);
    } else if (e.key === "Backspace" && draft === "" && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className={`${inputClass(invalid)} flex flex-wrap items-center gap-1.5`}>
      <ul className="contents" aria-label={`${itemName}s`}>
        {values.map((v, i) => {
          const errs = chipErrors?.[i] ?? [];
          return (
            <li
              key={v}
              title={errs.join(" ") || undefined}
              className={`inline-flex max-w-full items-center gap-1 rounded-full px-2 py-0.5 font-mono text-xs ${
                errs.length > 0 ? "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200" : "bg-neutral-100 dark:bg-neutral-800"
              }`}
            >
              <span className="break-all">{v}</span>
              <button
                type="button"
                aria-label={`Remove ${itemName} ${v}`}
                onClick={() => onChange(values.filter((x) => x !== v))}
                className="rounded-full px-1 leading-none text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900 dark:hover:bg-neutral-700 dark:hover:text-white"
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <input
        id={id}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => add(draft)}
        placeholder={values.length === 0 ? placeholder : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        className="min-w-[10rem] flex-1 bg-transparent font-mono text-xs outline-none"
      />
    </div>
  );
}

/** True when a comma typed now would sit outside brackets, quotes and environment markers. */
function isTopLevel(text: string): boolean {
  if (text.includes(";")) return false;
  let depth = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "(") depth += 1;
    else if (ch === "]" || ch === ")") depth -= 1;
  }
  return depth === 0 && quote === null;
}

/** A key/value row of the env or labels editors. */
export interface KeyValueRow {
  id: number;
  key: string;
  value: string;
}

/**
 * Rows of `KEY = value` (environment variables, labels). `errorsFor(key)` gives the errors of one
 * row (lib/jobs reports them as `env.KEY` / `labels.KEY`). `rowHint(row)` may add advice under a row
 * (the secret-shaped value warning, field case B28).
 */
export function KeyValueRows({
  name,
  rows,
  onChange,
  keyPlaceholder,
  valuePlaceholder,
  errorsFor,
  rowHint,
  multiline = false,
}: {
  /** e.g. "environment variable", used in accessible names */
  name: string;
  /** values may span lines (environment values: a textarea, and a ".env" paste that fills rows) */
  multiline?: boolean;
  rows: readonly KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  keyPlaceholder: string;
  valuePlaceholder: string;
  errorsFor: (key: string) => readonly string[];
  rowHint?: (row: KeyValueRow) => ReactNode;
}) {
  const update = (id: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2">
      {rows.map((row, i) => {
        const errs = row.key ? errorsFor(row.key) : [];
        return (
          <div key={row.id} className="space-y-1">
            <div className="flex gap-2">
              <input
                aria-label={`${name} ${i + 1} name`}
                value={row.key}
                onChange={(e) => update(row.id, { key: e.target.value })}
                placeholder={keyPlaceholder}
                aria-invalid={errs.length > 0 || undefined}
                className={`${inputClass(errs.length > 0, "w-2/5 min-w-0")} font-mono`}
              />
              {multiline ? (
                <textarea
                  aria-label={`${name} ${i + 1} value`}
                  value={row.value}
                  rows={Math.min(6, row.value.split("\n").length)}
                  spellCheck={false}
                  onChange={(e) => update(row.id, { value: e.target.value })}
                  placeholder={valuePlaceholder}
                  className={`${inputClass(false, "min-w-0 flex-1")} resize-y font-mono`}
                />
              ) : (
                <input
                  aria-label={`${name} ${i + 1} value`}
                  value={row.value}
                  onChange={(e) => update(row.id, { value: e.target.value })}
                  placeholder={valuePlaceholder}
                  className={`${inputClass(false, "min-w-0 flex-1")} font-mono`}
                />
              )}
              <Button variant="ghost" size="sm" aria-label={`Remove ${name} ${row.key || i + 1}`} onClick={() => onChange(rows.filter((r) => r.id !== row.id))}>
                ×
              </Button>
            </div>
            {rowHint?.(row)}
            <FieldErrors errors={errs} />
          </div>
        );
      })}
      <div className="flex flex-wrap items-start gap-2">
        <Button size="sm" onClick={() => onChange([...rows, { id: nextRowId(), key: "", value: "" }])}>
          + Add {name}
        </Button>
        {multiline && (
          <DotenvPaste
            label={`${name}s as .env lines`}
            onRows={(entries) => onChange(mergeRows(rows, entries.map(([key, value]) => ({ id: nextRowId(), key, value }))))}
          />
        )}
      </div>
    </div>
  );
}

/** Rows after a paste: a pasted name replaces the row of the same name, new names are appended. */
function mergeRows<R extends { key: string }>(rows: readonly R[], added: R[]): R[] {
  const names = new Set(added.map((r) => r.key));
  return [...rows.filter((r) => !names.has(r.key.trim())), ...added];
}

/**
 * "Paste .env": a textarea for `NAME=value` lines (the `--env-file` / `--secrets-file` syntax,
 * lib/jobs/parse-dotenv.ts); "Add" turns them into rows and empties the box, so pasted secret values
 * do not stay on screen.
 */
function DotenvPaste({ label, onRows }: { label: string; onRows: (entries: [string, string][]) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const id = useId();
  if (!open) {
    return (
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        Paste .env
      </Button>
    );
  }
  const add = () => {
    const parsed = parseDotenv(text);
    setErrors(parsed.errors);
    if (parsed.entries.length === 0) return;
    onRows(parsed.entries);
    setText("");
    if (parsed.errors.length === 0) setOpen(false);
  };
  return (
    <div className="w-full space-y-1">
      <textarea
        id={id}
        aria-label={label}
        value={text}
        rows={4}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        placeholder={'NAME=value\nKEY="multi\nline"'}
        className={`${inputClass(errors.length > 0)} font-mono`}
      />
      <FieldErrors errors={errors} />
      <div className="flex gap-2">
        <Button size="sm" onClick={add} disabled={text.trim() === ""}>
          Add these rows
        </Button>
        <Button size="sm" variant="ghost" onClick={() => { setText(""); setErrors([]); setOpen(false); }}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/**
 * Reads a picked file as the exact text of a value. Values travel as JSON strings, so the file must be
 * valid UTF-8 (a byte that is not is refused rather than silently replaced).
 * @returns the text, or an error sentence
 */
async function readValueFile(file: File): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  if (file.size > 512 * 1024) return { ok: false, error: `${file.name} is larger than 512 KB: too large for a secret` };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(await file.arrayBuffer()) };
  } catch {
    return { ok: false, error: `${file.name} is not UTF-8 text; secret values are text (base64-encode binary files)` };
  }
}

/** A variable name from a file name: `sa-key.json` → `SA_KEY_JSON`. */
function envName(fileName: string): string {
  const n = fileName.toUpperCase().replace(/[^A-Z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[A-Z_]/.test(n) ? n : `_${n}`;
}

let rowCounter = 0;
/** A fresh row id (stable React keys across edits). */
export function nextRowId(): number {
  rowCounter += 1;
  return rowCounter;
}

/** A secret row: the value lives only in memory; `fromSession` rows carry no value at all. */
export interface SecretRow {
  id: number;
  key: string;
  value: string;
  /** the value is the signed-in user's token, filled in on the server (never sent to the browser) */
  fromSession: boolean;
  /** the value was entered and the input left: show •••• from now on */
  sealed: boolean;
  /** prefilled by "Edit and re-run": the source job had this secret, so an empty value blocks the launch */
  mustReenter?: boolean;
}

/**
 * Write-only secrets: while typing the input is a password field; once it loses focus the value
 * is replaced on screen by `••••` and never rendered into the DOM again ("Replace" starts over with
 * an empty input). "Add my token as HF_TOKEN" adds a row whose value the server takes from the
 * session.
 */
export function SecretRows({
  rows,
  onChange,
  errorsFor,
  canUseSessionToken,
}: {
  rows: readonly SecretRow[];
  onChange: (rows: SecretRow[]) => void;
  errorsFor: (key: string) => readonly string[];
  canUseSessionToken: boolean;
}) {
  const update = (id: number, patch: Partial<SecretRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const [fileErrors, setFileErrors] = useState<Record<number, string>>({});
  const hasHfToken = rows.some((r) => r.key === "HF_TOKEN");
  return (
    <div className="space-y-2">
      {rows.map((row, i) => {
        const errs = row.key.trim() ? errorsFor(row.key.trim()) : [];
        // A re-run row waiting for its value: the value input is what needs attention, not the name.
        const valueMissing = row.mustReenter === true && !row.fromSession && row.value === "" && row.key.trim() !== "";
        const nameInvalid = errs.some((e) => e !== REENTER_SECRET_MESSAGE);
        return (
          <div key={row.id} className="space-y-1">
            <div className="flex gap-2">
              <input
                aria-label={`Secret ${i + 1} name`}
                value={row.key}
                onChange={(e) => update(row.id, { key: e.target.value })}
                placeholder="HF_TOKEN"
                readOnly={row.fromSession}
                aria-invalid={nameInvalid || undefined}
                className={`${inputClass(errs.length > 0, "w-2/5 min-w-0")} font-mono`}
              />
              {row.fromSession ? (
                <span className="flex flex-1 items-center rounded-md border border-dashed border-neutral-300 px-2.5 text-xs text-neutral-600 dark:border-neutral-700 dark:text-neutral-400" data-testid="secret-from-session">
                  your Hub token (added on the server, never shown)
                </span>
              ) : row.sealed ? (
                <span className="flex flex-1 items-center justify-between gap-2 rounded-md border border-neutral-300 px-2.5 dark:border-neutral-700">
                  <span aria-label={`Secret ${row.key || i + 1} value hidden`} className="font-mono tracking-widest" data-testid="secret-masked">
                    ••••
                  </span>
                  <button type="button" className="text-xs underline" onClick={() => update(row.id, { value: "", sealed: false })}>
                    Replace
                  </button>
                </span>
              ) : (
                <span className="flex min-w-0 flex-1 items-start gap-1">
                  {/* A textarea, not <input type=password>: a pasted key file keeps its newlines
                      (an input turns them into spaces). Its characters are drawn as discs. */}
                  <textarea
                    autoComplete="off"
                    spellCheck={false}
                    aria-label={`Secret ${i + 1} value`}
                    value={row.value}
                    rows={1}
                    onChange={(e) => update(row.id, { value: e.target.value })}
                    onBlur={() => row.value !== "" && update(row.id, { sealed: true })}
                    placeholder="value (write-only; several lines allowed)"
                    required={row.mustReenter === true || undefined}
                    aria-invalid={valueMissing || undefined}
                    className={`${inputClass(valueMissing, "min-w-0 flex-1")} resize-y font-mono [-webkit-text-security:disc]`}
                  />
                  <label className="inline-flex h-8 cursor-pointer items-center rounded-md px-2 text-xs underline">
                    From file
                    <input
                      type="file"
                      className="sr-only"
                      aria-label={`Secret ${i + 1} value from a file`}
                      onChange={async (e) => {
                        const file = e.target.files?.[0];
                        e.target.value = "";
                        if (!file) return;
                        const read = await readValueFile(file);
                        setFileErrors((m) => ({ ...m, [row.id]: read.ok ? "" : read.error }));
                        if (read.ok) update(row.id, { value: read.text, sealed: true, key: row.key || envName(file.name) });
                      }}
                    />
                  </label>
                </span>
              )}
              <Button variant="ghost" size="sm" aria-label={`Remove secret ${row.key || i + 1}`} onClick={() => onChange(rows.filter((r) => r.id !== row.id))}>
                ×
              </Button>
            </div>
            <FieldErrors errors={[...errs, ...(fileErrors[row.id] ? [fileErrors[row.id] as string] : [])]} />
          </div>
        );
      })}
      <div className="flex flex-wrap items-start gap-2">
        <Button size="sm" onClick={() => onChange([...rows, { id: nextRowId(), key: "", value: "", fromSession: false, sealed: false }])}>
          + Add secret
        </Button>
        <DotenvPaste
          label="Secrets as .env lines"
          onRows={(entries) =>
            onChange(mergeRows(rows.filter((r) => !r.fromSession || !entries.some(([k]) => k === r.key)), entries.map(([key, value]) => ({ id: nextRowId(), key, value, fromSession: false, sealed: true }))))
          }
        />
        {canUseSessionToken && !hasHfToken && (
          <Button size="sm" onClick={() => onChange([...rows, { id: nextRowId(), key: "HF_TOKEN", value: "", fromSession: true, sealed: true }])}>
            Add my token as HF_TOKEN
          </Button>
        )}
      </div>
    </div>
  );
}
