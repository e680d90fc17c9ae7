import { describe, expect, it } from "vitest";
import { firstErrorLine, formatLogTime, isErrorLine, LogSearch, mightBeErrorLine, parseLineHash } from "./log-search";

describe("LogSearch", () => {
  it("finds matching lines case-insensitively and scans only new lines as the store grows", () => {
    const lines = ["alpha", "NEEDLE here", "beta"];
    let reads = 0;
    const textAt = (k: number) => {
      reads++;
      return lines[k];
    };
    const s = new LogSearch();
    expect(s.scan("needle", 3, textAt)).toEqual([1]);
    expect(reads).toBe(3);
    lines.push("another needle", "gamma");
    expect(s.scan("needle", 5, textAt)).toEqual([1, 3]);
    expect(reads).toBe(5);
  });

  it("starts over for a new query or a smaller store; an empty query matches nothing", () => {
    const lines = ["a1", "b2", "a3"];
    const s = new LogSearch();
    expect(s.scan("a", 3, (k) => lines[k])).toEqual([0, 2]);
    expect(s.scan("b", 3, (k) => lines[k])).toEqual([1]);
    expect(s.scan("b", 1, (k) => lines[k])).toEqual([]);
    expect(s.scan("", 3, (k) => lines[k])).toEqual([]);
  });
});

describe("errors and line links", () => {
  it("recognises tracebacks and error lines, not ordinary words", () => {
    expect(isErrorLine("Traceback (most recent call last):")).toBe(true);
    expect(isErrorLine("ValueError: bad config")).toBe(true);
    expect(isErrorLine("error: Failed to resolve dependencies")).toBe(true);
    expect(isErrorLine("Killed")).toBe(true);
    expect(isErrorLine("step 3: error_rate=0.1")).toBe(false);
    expect(isErrorLine("no errors found")).toBe(false);
    for (const line of ["Traceback (most recent call last):", "ValueError: bad config", "error: x", "Killed", "\u001b[31mRuntimeError: red\u001b[0m"]) {
      expect(mightBeErrorLine(line), line).toBe(true);
    }
    expect(mightBeErrorLine("step 3 loss 0.1")).toBe(false);
    const lines = ["ok", "still ok", "RuntimeError: boom", "Traceback (most recent call last):"];
    expect(firstErrorLine(lines.length, (k) => lines[k])).toBe(2);
    expect(firstErrorLine(2, (k) => lines[k])).toBe(-1);
  });

  it("parses #L123 and refuses anything else", () => {
    expect(parseLineHash("#L123")).toBe(123);
    expect(parseLineHash("#L0")).toBeNull();
    expect(parseLineHash("#L12a")).toBeNull();
    expect(parseLineHash("#x")).toBeNull();
    expect(parseLineHash("")).toBeNull();
  });

  it("formats timestamps in UTC, and nothing for off or a bad value", () => {
    expect(formatLogTime("2026-12-01T09:05:07.042Z", "utc")).toBe("09:05:07.042");
    expect(formatLogTime("2026-12-01T09:05:07.042Z", "off")).toBe("");
    expect(formatLogTime("not a date", "utc")).toBe("");
    expect(formatLogTime("2026-12-01T09:05:07.042Z", "local")).toMatch(/^\d\d:\d\d:07\.042$/);
  });
});
