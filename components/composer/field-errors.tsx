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
