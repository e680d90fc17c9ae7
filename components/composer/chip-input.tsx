"use client";

import { useState, type KeyboardEvent } from "react";
import { inputClass } from "./fields";

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

