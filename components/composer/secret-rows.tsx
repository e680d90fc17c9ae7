"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldErrors, inputClass } from "./fields";
import { DotenvPaste, mergeRows } from "./key-value-rows";
import { REENTER_SECRET_MESSAGE } from "./rerun";
import { nextRowId, type SecretRow } from "./rows";

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
