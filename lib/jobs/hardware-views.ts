import "server-only";
import { listHardware } from "@/lib/hub/list-hardware";
import { toActionError } from "@/lib/hub/to-action-error";
import type { HubCredentials } from "@/lib/hub/credentials";
import type { HardwareView } from "./api-answers";

/**
 * The Hub's flavor catalogue as the browser sees it (`HardwareView`: name, sizes, price per
 * `unitLabel`; specs/hub-jobs-api.md §7.9), read through lib/hub's hardware cache (one Hub call per hour).
 * Used by `GET /api/hardware` and by the composer page, which hands it to the composer as a promise.
 * @throws HubApiError / network errors from the library
 */
export async function hardwareViews(credentials: HubCredentials): Promise<HardwareView[]> {
  const rows = await listHardware(credentials);
  return rows.map((h) => ({
    name: h.name,
    prettyName: h.prettyName,
    cpu: h.cpu,
    ram: h.ram,
    accelerator: h.accelerator,
    unitCostUSD: h.unitCostUSD,
    unitCostMicroUSD: h.unitCostMicroUSD,
    unitLabel: h.unitLabel,
  }));
}

/** {@link hardwareViews} or why it failed: what a server page hands to the browser (a promise never rejects across the wire). */
export type HardwareRead = { ok: true; hardware: HardwareView[] } | { ok: false; message: string };

/**
 * {@link hardwareViews} that never throws for a Hub failure: the message is the one `GET /api/hardware`
 * would answer with (lib/hub/to-action-error.ts). Anything else (a bug) still throws.
 */
export async function readHardware(credentials: HubCredentials): Promise<HardwareRead> {
  try {
    return { ok: true, hardware: await hardwareViews(credentials) };
  } catch (err) {
    const error = toActionError(err);
    if (!error) throw err;
    return { ok: false, message: error.message };
  }
}
