import type { HardwareView } from "@/lib/jobs/api-answers";
import { formatDuration, formatUSD } from "./format";

const SECONDS_PER_UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600 };

/** What Duplicate can cost at most. */
export type DuplicateCost =
  | { kind: "bounded"; pricePerHourUSD: number; timeoutSeconds: number; worstUSD: number }
  | { kind: "unbounded"; pricePerHourUSD: number }
  | { kind: "unknown"; reason: string };

/**
 * The worst-case cost of re-running a job: the flavor's price per hour (the hardware list,
 * specs/hub-jobs-api.md §7.9: `unitCostUSD` per `unitLabel`) × its timeout (a job is stopped at its
 * timeout, §6.1); "unbounded" when the job has no timeout; "unknown" when the flavor or its unit is
 * not in the list (or the list is not loaded yet).
 */
export function duplicateCost(flavor: string, timeoutSeconds: number | null, hardware: readonly HardwareView[] | undefined): DuplicateCost {
  if (!hardware) return { kind: "unknown", reason: "the hardware price list is not loaded" };
  const hw = hardware.find((h) => h.name === flavor);
  if (!hw) return { kind: "unknown", reason: `the flavor ${flavor} is not in the hardware list` };
  const perUnit = SECONDS_PER_UNIT[hw.unitLabel.toLowerCase()];
  if (!perUnit) return { kind: "unknown", reason: `the price unit "${hw.unitLabel}" is not known` };
  const pricePerHourUSD = (hw.unitCostUSD * 3600) / perUnit;
  if (timeoutSeconds === null || timeoutSeconds <= 0) return { kind: "unbounded", pricePerHourUSD };
  return { kind: "bounded", pricePerHourUSD, timeoutSeconds, worstUSD: (pricePerHourUSD * timeoutSeconds) / 3600 };
}

/** The sentence the Duplicate dialog shows, e.g. `At most $0.60: cpu-basic at $0.0300/h × timeout 20m 00s.` */
export function describeDuplicateCost(flavor: string, cost: DuplicateCost): string {
  switch (cost.kind) {
    case "bounded":
      return `At most ${formatUSD(cost.worstUSD)}: ${flavor} at ${formatUSD(cost.pricePerHourUSD)}/h × timeout ${formatDuration(cost.timeoutSeconds)}.`;
    case "unbounded":
      return `No timeout: unbounded. ${flavor} costs ${formatUSD(cost.pricePerHourUSD)}/h for as long as the job runs.`;
    case "unknown":
      return `Cost unknown: ${cost.reason}.`;
  }
}
