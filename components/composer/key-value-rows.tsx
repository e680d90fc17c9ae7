"use client";

import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { parseDotenv } from "@/lib/jobs/parse-dotenv";
import { FieldErrors, inputClass } from "./fields";
import { nextRowId, type KeyValueRow } from "./rows";

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
export function mergeRows<R extends { key: string }>(rows: readonly R[], added: R[]): R[] {
  const names = new Set(added.map((r) => r.key));
  return [...rows.filter((r) => !names.has(r.key.trim())), ...added];
}

/**
 * "Paste .env": a textarea for `NAME=value` lines (the `--env-file` / `--secrets-file` syntax,
 * lib/jobs/parse-dotenv.ts); "Add" turns them into rows and empties the box, so pasted secret values
 * do not stay on screen.
 */
export function DotenvPaste({ label, onRows }: { label: string; onRows: (entries: [string, string][]) => void }) {
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
