import { describe, expect, it } from "vitest";
import { MAX_KEYS, parseMetricLine, PrintedMetrics } from "./printed-metrics";

describe("parseMetricLine", () => {
  it("reads the numeric fields of a JSON-object line and skips every other line", () => {
    expect(parseMetricLine('{"step": 10, "loss": 0.41}')).toEqual({ step: 10, loss: 0.41 });
    expect(parseMetricLine('  {"loss": 1e-3}  ')).toEqual({ loss: 0.001 });
    for (const line of ["step 10 loss 0.41", "", "{", "[1, 2]", '"text"', "42", "{not json}", 'loss={"a": 1}', '{"a": 1} trailing']) {
      expect(parseMetricLine(line), line).toBeNull();
    }
  });

  it("ignores non-numeric fields, and a line with none is not a metric line", () => {
    expect(parseMetricLine('{"loss": 0.5, "phase": "train", "ok": true, "tags": [1, 2], "none": null}')).toEqual({ loss: 0.5 });
    expect(parseMetricLine('{"phase": "train", "ok": true}')).toBeNull();
    expect(parseMetricLine('{"loss": "0.5"}')).toBeNull();
  });

  it("reads Python's NaN and Infinity tokens as gaps, not zeros, and leaves the same words in strings alone", () => {
    expect(parseMetricLine('{"step": 3, "loss": NaN, "grad": Infinity, "low": -Infinity, "note": "NaN Infinity"}')).toEqual({ step: 3, loss: null, grad: null, low: null });
    expect(parseMetricLine('{"loss": NaN}')).toBeNull();
    expect(parseMetricLine('{"s": "a \\" NaN", "x": 2}')).toEqual({ x: 2 });
  });

  it("flattens nested objects with dots, up to four levels", () => {
    expect(parseMetricLine('{"step": 1, "eval": {"acc": 0.9, "f1": {"macro": 0.7}}}')).toEqual({ step: 1, "eval.acc": 0.9, "eval.f1.macro": 0.7 });
    expect(parseMetricLine('{"a": {"b": {"c": {"d": 1, "e": {"f": 2}}}}}')).toEqual({ "a.b.c.d": 1 });
  });
});

describe("PrintedMetrics", () => {
  it("charts one series per key against step, else epoch, else seconds since the first metric line", () => {
    const m = new PrintedMetrics();
    const t0 = Date.parse("2026-12-01T09:00:00Z");
    for (let step = 1; step <= 3; step++) m.add({ step, loss: 1 / step }, t0 + step * 1000);
    m.add({ epoch: 1, acc: 0.5 }, t0);
    m.add({ gpu_temp: 60 }, t0 + 5000);
    m.add({ gpu_temp: 61 }, t0 + 7500);
    const series = m.series();
    expect(series.map((s) => [s.key, s.xKind])).toEqual([
      ["loss", "step"],
      ["acc", "epoch"],
      ["gpu_temp", "time"],
    ]);
    expect(series[0].xs).toEqual([1, 2, 3]);
    expect(series[0].ys).toEqual([1, 0.5, 1 / 3]);
    expect(series[2].xs).toEqual([0, 2.5]);
    expect(m.lines).toBe(6);
  });

  it("keeps gaps, and stops adding new keys past the cap", () => {
    const m = new PrintedMetrics();
    m.add({ step: 1, loss: null }, 0);
    m.add({ step: 2, loss: 0.2 }, 0);
    expect(m.series()[0].ys).toEqual([null, 0.2]);
    const wide: Record<string, number> = {};
    for (let k = 0; k < MAX_KEYS + 10; k++) wide[`k${k}`] = k;
    m.add(wide, 0);
    expect(m.series()).toHaveLength(MAX_KEYS);
  });
});
