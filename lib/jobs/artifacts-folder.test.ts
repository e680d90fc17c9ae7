import { describe, expect, it } from "vitest";
import { ARTIFACTS_FOLDER_RE, artifactsFolder, isArtifactsFolder } from "./artifacts-folder";

describe("artifactsFolder", () => {
  it("stamps UTC time and 6 lowercase hex chars (spec example 20260415T092902-5ca267)", () => {
    const name = artifactsFolder({ now: new Date("2026-04-15T09:29:02.999Z"), randomBytes: new Uint8Array([0x5c, 0xa2, 0x67]) });
    expect(name).toBe("20260415T092902-5ca267");
  });
  it("pads single digits and uses UTC, not local time", () => {
    expect(artifactsFolder({ now: new Date(Date.UTC(2027, 0, 2, 3, 4, 5)), randomBytes: new Uint8Array([0, 1, 255]) })).toBe(
      "20270102T030405-0001ff",
    );
  });
  it("random names match the format and differ", () => {
    const a = artifactsFolder();
    const b = artifactsFolder();
    expect(a).toMatch(ARTIFACTS_FOLDER_RE);
    expect(isArtifactsFolder(b)).toBe(true);
    expect(a === b && a.slice(-6) === b.slice(-6)).toBe(false);
  });
  it("isArtifactsFolder refuses other shapes", () => {
    for (const s of ["20260415T092902-5CA267", "20260415T092902-5ca26", "../x", "20260415092902-5ca267", "20260415T092902-5ca267/x"]) {
      expect(isArtifactsFolder(s), s).toBe(false);
    }
  });
});
