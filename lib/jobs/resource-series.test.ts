import { describe, expect, it } from "vitest";
import { addEvent, emptySeries, MAX_KEPT_SAMPLES, mergeSeries, parseKeptSeries } from "./resource-series";

describe("resource series", () => {
  it("folds Hub metrics events (§7.7 payload) into samples, one per second, replays replaced not duplicated", () => {
    const s = emptySeries();
    const ev = { cpu_usage_pct: 50, cpu_millicores: 2000, memory_used_bytes: 1024, memory_total_bytes: 4096, rx_bps: 10, tx_bps: 20, gpus: { g1: { utilization: 90, memory_used_bytes: 5, memory_total_bytes: 100 } } };
    addEvent(s, ev, 100.2);
    addEvent(s, { ...ev, cpu_usage_pct: 60 }, 100.9);
    addEvent(s, { ...ev, cpu_usage_pct: 70 }, 101);
    addEvent(s, { ...ev, cpu_usage_pct: 40 }, 99);
    expect(s.samples.map((x) => [x.t, x.cpu])).toEqual([
      [99, 40],
      [100, 60],
      [101, 70],
    ]);
    expect(s.cpuMillicores).toBe(2000);
    expect(s.memTotal).toBe(4096);
    expect(s.gpuMemTotal).toEqual({ g1: 100 });
    expect(s.samples[0]).toMatchObject({ mem: 1024, rx: 10, tx: 20, gpus: { g1: [90, 5] } });
  });

  it("keeps what was not reported as null, not 0", () => {
    const s = emptySeries();
    addEvent(s, { cpu_usage_pct: 5 }, 1);
    expect(s.samples[0]).toEqual({ t: 1, cpu: 5, mem: null, rx: null, tx: null, gpus: {} });
  });

  it("merges kept and new samples by second, thins past the cap, and round-trips through JSON", () => {
    const a = emptySeries();
    const b = emptySeries();
    for (let t = 0; t < MAX_KEPT_SAMPLES; t++) addEvent(a, { cpu_usage_pct: 1 }, t);
    for (let t = MAX_KEPT_SAMPLES - 10; t < MAX_KEPT_SAMPLES + 500; t++) addEvent(b, { cpu_usage_pct: 2 }, t);
    const m = mergeSeries(a, b);
    expect(m.samples.length).toBeLessThanOrEqual(MAX_KEPT_SAMPLES);
    expect(m.samples.at(-1)?.t).toBe(MAX_KEPT_SAMPLES + 499);
    expect(m.samples[0].t).toBe(0);
    const ts = m.samples.map((x) => x.t);
    expect([...ts].sort((x, y) => x - y)).toEqual(ts);
    expect(parseKeptSeries(JSON.stringify(m))).toEqual(m);
  });

  it("reads a kept file defensively: junk fields dropped, non-series refused", () => {
    expect(parseKeptSeries("not json")).toBeNull();
    expect(parseKeptSeries('{"v": 2, "samples": []}')).toBeNull();
    const s = parseKeptSeries('{"v":1,"cpuMillicores":"x","samples":[{"t":5,"cpu":"hi","gpus":{"g":[1,"y"]}},{"t":"bad"},null,{"t":3,"mem":7}]}');
    expect(s).toEqual({ v: 1, cpuMillicores: 0, memTotal: 0, gpuMemTotal: {}, samples: [
      { t: 3, cpu: null, mem: 7, rx: null, tx: null, gpus: {} },
      { t: 5, cpu: null, mem: null, rx: null, tx: null, gpus: { g: [1, null] } },
    ] });
  });
});
