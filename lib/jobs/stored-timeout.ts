/**
 * The timeout a job spec read back from the Hub carries. Client-safe.
 * The wire key is `timeoutSeconds`, but the Python client's `JobSpec` reads `timeout` (field case C05,
 * specs/hub-jobs-api.md §8.2), so both are accepted, `timeoutSeconds` first.
 * @returns integer seconds, or null when the stored spec has none
 */
export function storedTimeoutSeconds(jobSpec: unknown): number | null {
  if (!jobSpec || typeof jobSpec !== "object") return null;
  const spec = jobSpec as { timeoutSeconds?: unknown; timeout?: unknown };
  const value = spec.timeoutSeconds ?? spec.timeout;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return null;
}
