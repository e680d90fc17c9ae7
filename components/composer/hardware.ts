// zod/mini keeps the composer's bundle small (lib/jobs/schema.ts sets the English messages).
import * as z from "zod/mini";

/**
 * The flavor list as the composer reads it from the app's `GET /api/hardware` route (which proxies
 * the Hub's `GET /api/jobs/hardware`, specs/hub-jobs-api.md §7.9), and the cost arithmetic.
 * Client-safe.
 */

const acceleratorSchema = z.optional(
  z.nullable(
    z.object({
      type: z.optional(z.string()),
      model: z.optional(z.string()),
      /** a string on the wire (§7.9) */
      quantity: z.optional(z.union([z.string(), z.number()])),
      vram: z.optional(z.string()),
      manufacturer: z.optional(z.string()),
    }),
  ),
);

/** One flavor; unknown keys are ignored, missing optional ones tolerated. */
export const hardwareSchema = z.object({
  name: z.string(),
  prettyName: z.optional(z.string()),
  cpu: z.optional(z.string()),
  ram: z.optional(z.string()),
  ephemeralStorage: z.optional(z.string()),
  accelerator: acceleratorSchema,
  unitCostUSD: z.optional(z.number()),
  unitCostMicroUSD: z.optional(z.number()),
  /** the unit `unitCostUSD` is per; `minute` on the Hub today */
  unitLabel: z.optional(z.string()),
});
export type Hardware = z.infer<typeof hardwareSchema>;

/** Accepts the array itself or `{hardware: [...]}`, so a wrapper in the route does not break the picker. */
export const hardwareListSchema = z.union([
  z.array(hardwareSchema),
  z.pipe(z.object({ hardware: z.array(hardwareSchema) }), z.transform((o) => o.hardware)),
]);

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
