// zod/mini keeps the composer's bundle small (lib/jobs/schema.ts sets the English messages). This module
// is loaded with the spec engine (./spec-engine.ts), not on the composer's first load.
import { array, nullable, number, object, optional, pipe, string, transform, union } from "zod/mini";
import type { infer as Infer } from "zod/mini";

/**
 * The flavor list's schema as the composer reads it from the app's `GET /api/hardware` route (which
 * proxies the Hub's `GET /api/jobs/hardware`, specs/hub-jobs-api.md §7.9). Client-safe.
 */

const acceleratorSchema = optional(
  nullable(
    object({
      type: optional(string()),
      model: optional(string()),
      /** a string on the wire (§7.9) */
      quantity: optional(union([string(), number()])),
      vram: optional(string()),
      manufacturer: optional(string()),
    }),
  ),
);

/** One flavor; unknown keys are ignored, missing optional ones tolerated. */
export const hardwareSchema = object({
  name: string(),
  prettyName: optional(string()),
  cpu: optional(string()),
  ram: optional(string()),
  ephemeralStorage: optional(string()),
  accelerator: acceleratorSchema,
  unitCostUSD: optional(number()),
  unitCostMicroUSD: optional(number()),
  /** the unit `unitCostUSD` is per; `minute` on the Hub today */
  unitLabel: optional(string()),
});
export type Hardware = Infer<typeof hardwareSchema>;

/** Accepts the array itself or `{hardware: [...]}`, so a wrapper in the route does not break the picker. */
export const hardwareListSchema = union([
  array(hardwareSchema),
  pipe(object({ hardware: array(hardwareSchema) }), transform((o) => o.hardware)),
]);
