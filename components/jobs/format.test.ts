import { describe, expect, it } from "vitest";
import { fileOrigin } from "@/lib/jobs/file-origin";
import type { JobView } from "@/lib/jobs/view";
import { costSoFar, formatBytes, formatDuration, runningSeconds } from "./format";
import { parseDelimited } from "./file-preview";
import { addEvent, emptySeries } from "@/lib/jobs/resource-series";

const job = (over: Partial<JobView>): JobView =>
  ({ stage: "RUNNING", flavor: "a10g-small", createdAt: "2026-01-01T00:00:00.000Z", startedAt: "2026-01-01T00:00:10.000Z", finishedAt: null, durations: null, ...over }) as JobView;

describe("job page arithmetic", () => {
  it("cost so far = running time × the flavor's price per unit (§7.9)", () => {
    const hw = [{ name: "a10g-small", prettyName: "", cpu: "", ram: "", accelerator: null, unitCostUSD: 0.016667, unitCostMicroUSD: 16667, unitLabel: "minute" }];
    const now = new Date("2026-01-01T00:10:10.000Z").getTime();
    expect(runningSeconds(job({}), now)).toBe(600);
    expect(costSoFar(job({}), hw, now)).toBeCloseTo(0.16667, 5);
    // the Hub's server-computed runningSecs wins
    expect(costSoFar(job({ durations: { schedulingSecs: 10, runningSecs: 60, totalSecs: 70 } }), hw, now)).toBeCloseTo(0.016667, 6);
    expect(costSoFar(job({ flavor: "unknown" }), hw, now)).toBeNull();
  });

  it("formats durations and sizes", () => {
    expect(formatDuration(72)).toBe("1m 12s");
    expect(formatDuration(7260)).toBe("2h 01m");
    expect(formatDuration(null)).toBe("—");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(12_345)).toBe("12 KB");
  });

  it("tells inputs (stored before the job was created) from outputs", () => {
    const j = { createdAt: "2026-01-01T00:00:00.000Z" };
    expect(fileOrigin({ type: "file", uploadedAt: "2025-12-31T23:59:59.000Z" }, j)).toBe("input");
    expect(fileOrigin({ type: "file", uploadedAt: "2026-01-01T00:00:05.000Z" }, j)).toBe("output");
    expect(fileOrigin({ type: "directory", uploadedAt: "2026-01-01T00:00:05.000Z" }, j)).toBeNull();
    expect(fileOrigin({ type: "file", uploadedAt: null }, j)).toBeNull();
  });
});

describe("metrics (B34)", () => {
  it("keeps one distinct series per GPU id", () => {
    const ev = (u: number) => ({ cpu_usage_pct: 10, gpus: { a1: { utilization: u }, b2: { utilization: u + 1 }, c3: { utilization: u + 2 }, d4: { utilization: u + 3 } } });
    const s = emptySeries();
    addEvent(s, ev(10), 1000);
    addEvent(s, ev(20), 1001);
    const util = (id: string) => s.samples.map((x) => x.gpus[id]?.[0]);
    expect(Object.keys(s.samples[1].gpus).sort()).toEqual(["a1", "b2", "c3", "d4"]);
    expect(util("a1")).toEqual([10, 20]);
    expect(util("d4")).toEqual([13, 23]);
    expect(s.samples[0].gpus.a1).not.toBe(s.samples[0].gpus.b2);
  });
});

describe("CSV preview", () => {
  it("splits quoted fields and stops at the row cap", () => {
    expect(parseDelimited('a,b\n"x, y","q""uote"\n3,4\n', ",", 2)).toEqual([["a", "b"], ["x, y", 'q"uote']]);
  });
});
