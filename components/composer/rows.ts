/** The editable rows of the composer's env, labels and secrets editors (plain data, no React). */

/** A key/value row of the env or labels editors. */
export interface KeyValueRow {
  id: number;
  key: string;
  value: string;
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

/** Non-empty keys (trimmed) → values, as the spec builder takes env and labels. */
export function rowsToRecord(rows: readonly KeyValueRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.key.trim() !== "").map((r) => [r.key.trim(), r.value]));
}

/** One row (fresh id) per entry of a record: env or labels read back from a job or rewritten by a move. */
export function recordToRows(record: Record<string, string>): KeyValueRow[] {
  return Object.entries(record).map(([key, value]) => ({ id: nextRowId(), key, value }));
}
