import { describe, expect, it } from "vitest";
import { requiresPythonAdmits } from "./requires-python";

describe("requiresPythonAdmits", () => {
  it("reads the specifiers requires-python uses", () => {
    expect(requiresPythonAdmits(">=3.12", "3.12")).toBe(true);
    expect(requiresPythonAdmits(">=3.13", "3.12")).toBe(false);
    expect(requiresPythonAdmits(">=3.10,<3.12", "3.12")).toBe(false);
    expect(requiresPythonAdmits(">=3.10, <3.13", "3.12")).toBe(true);
    expect(requiresPythonAdmits("~=3.11", "3.12")).toBe(true);
    expect(requiresPythonAdmits("~=3.11.2", "3.12")).toBe(false);
    expect(requiresPythonAdmits("==3.12.*", "3.12")).toBe(true);
    expect(requiresPythonAdmits("!=3.12.*", "3.12")).toBe(false);
    expect(requiresPythonAdmits(">3.12", "3.12")).toBe(true); // 3.12.1 qualifies
    expect(requiresPythonAdmits(">3.12.5", "3.12.3")).toBe(false);
  });
  it("returns null when it cannot tell", () => {
    expect(requiresPythonAdmits("whatever", "3.12")).toBeNull();
    expect(requiresPythonAdmits(">=3.12", "pypy")).toBeNull();
  });
});
