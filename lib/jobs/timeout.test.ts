import { describe, expect, it } from "vitest";
import { formatTimeout, parseTimeout } from "./timeout";

const secs = (t: string) => {
  const r = parseTimeout(t);
  if (!r.ok) throw new Error(r.error);
  return r.seconds;
};

describe("parseTimeout", () => {
  it("parses the issue's forms", () => {
    expect(secs("300")).toBe(300);
    expect(secs("5m")).toBe(300);
    expect(secs("2h")).toBe(7200);
    expect(secs("1.5h")).toBe(5400);
    expect(secs("1d")).toBe(86_400);
    expect(secs("1h30m")).toBe(5400);
  });
  it("handles the B03 inputs: case, trimming, compound", () => {
    expect(secs("90m")).toBe(5400);
    expect(secs("2H")).toBe(7200);
    expect(secs(" 2h ")).toBe(7200);
    expect(secs("7200")).toBe(7200);
    expect(secs("1h 30m 15s")).toBe(5415);
    expect(secs("24h")).toBe(86_400);
  });
  it("rejects zero and negative values (C08)", () => {
    for (const t of ["0", "0s", "-5m", "0h0m", "-1"]) {
      const r = parseTimeout(t);
      expect(r.ok, t).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/greater than 0/);
    }
  });
  it("rejects unparsable text, unknown units, repeated or misordered units and fractional seconds", () => {
    for (const t of ["", "abc", "5 minutes", "2w", "1m1h", "1h1h", "1.5s", "0.0001h", "h", "1e3", "1,5h"]) {
      expect(parseTimeout(t).ok, t).toBe(false);
    }
  });
  it("always yields an integer", () => {
    expect(Number.isInteger(secs("1.1h"))).toBe(true);
    expect(secs("1.1h")).toBe(3960);
  });
  it("formats seconds back to a compact duration", () => {
    expect(formatTimeout(5400)).toBe("1h30m");
    expect(formatTimeout(86_400)).toBe("1d");
    expect(formatTimeout(45)).toBe("45s");
  });
});
