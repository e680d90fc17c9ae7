"use client";

import { useId, type ReactNode } from "react";
import { FieldErrors } from "./field-errors";

// Its own module, so the Files card (first-load JS) takes it without the fields of the later cards.
export { FieldErrors };

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
