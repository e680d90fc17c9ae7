import type { Hardware } from "./hardware-schema";

export type { Hardware } from "./hardware-schema";

/**
 * The cost arithmetic and labels of a flavor of the app's `GET /api/hardware` list (its schema:
 * ./hardware-schema.ts, specs/hub-jobs-api.md §7.9). Client-safe and free of zod.
 */

const SECONDS_PER_UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

/**
 * USD per hour of a flavor: `unitCostUSD` (else `unitCostMicroUSD / 1e6`) scaled from its
 * `unitLabel` (`minute` → ×60; §7.9). Null when the price or its unit is unknown.
 */
export function pricePerHour(h: Hardware): number | null {
  const unitCost = h.unitCostUSD ?? (h.unitCostMicroUSD !== undefined ? h.unitCostMicroUSD / 1e6 : undefined);
  if (unitCost === undefined) return null;
  const perUnit = SECONDS_PER_UNIT[(h.unitLabel ?? "minute").toLowerCase()];
  if (perUnit === undefined) return null;
  return (unitCost * 3600) / perUnit;
}

/** The Hub's timeout when `timeoutSeconds` is omitted: 30 minutes (§6.1). */
export const DEFAULT_TIMEOUT_SECONDS = 30 * 60;

/** The most a run can cost: it is stopped at its timeout. USD; null when the price is unknown. */
export function worstCaseCost({ pricePerHourUSD, timeoutSeconds }: { pricePerHourUSD: number | null; timeoutSeconds: number }): number | null {
  if (pricePerHourUSD === null) return null;
  return (pricePerHourUSD * timeoutSeconds) / 3600;
}

/** `$0.60`, `$0.0033`, `free` — enough digits that a small cost does not read as zero. */
export function formatUSD(amount: number): string {
  if (amount === 0) return "free";
  if (amount >= 1) return `$${amount.toFixed(2)}`;
  if (amount >= 0.01) return `$${amount.toFixed(2)}`;
  return `$${amount.toPrecision(2)}`;
}

/** `1x A10G 24 GB`, or `—` for a CPU-only flavor. */
export function describeAccelerator(h: Hardware): string {
  const a = h.accelerator;
  if (!a) return "—";
  return [a.quantity !== undefined ? `${a.quantity}x` : null, a.model, a.vram].filter(Boolean).join(" ");
}
