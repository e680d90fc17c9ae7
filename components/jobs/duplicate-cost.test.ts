import { describe, expect, it } from "vitest";
import type { HardwareView } from "@/lib/jobs/api-answers";
import { describeDuplicateCost, duplicateCost } from "./duplicate-cost";

const hw = (name: string, unitCostUSD: number, unitLabel = "minute"): HardwareView => ({
  name,
  prettyName: name,
  cpu: "2 vCPU",
  ram: "16 GB",
  accelerator: null,
  unitCostUSD,
  unitCostMicroUSD: unitCostUSD * 1e6,
  unitLabel,
});
const list = [hw("cpu-basic", 0.0005), hw("a10g-small", 1, "hour"), hw("odd", 1, "fortnight")];

describe("duplicateCost (worst case = price per hour × timeout)", () => {
  it("multiplies the hourly price by the timeout", () => {
    const c = duplicateCost("cpu-basic", 1200, list);
    expect(c.kind === "bounded" && [c.pricePerHourUSD, c.worstUSD]).toEqual([expect.closeTo(0.03, 10), expect.closeTo(0.01, 10)]);
    expect(describeDuplicateCost("a10g-small", duplicateCost("a10g-small", 5400, list))).toBe("At most $1.50: a10g-small at $1.00/h × timeout 1h 30m.");
  });
  it("says unbounded without a timeout, unknown for a flavor or unit not in the list", () => {
    expect(describeDuplicateCost("cpu-basic", duplicateCost("cpu-basic", null, list))).toBe("No timeout: unbounded. cpu-basic costs $0.03/h for as long as the job runs.");
    expect(duplicateCost("h100", 60, list)).toEqual({ kind: "unknown", reason: "the flavor h100 is not in the hardware list" });
    expect(duplicateCost("odd", 60, list).kind).toBe("unknown");
    expect(duplicateCost("cpu-basic", 60, undefined).kind).toBe("unknown");
  });
});
