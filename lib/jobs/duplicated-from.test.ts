import { describe, expect, it } from "vitest";
import { DUPLICATED_FROM_LABEL, duplicatedFrom } from "./duplicated-from";

describe("duplicatedFrom", () => {
  const id = "65f0c0ffee0123456789abcd";
  it("reads the Hub's initiator first, then the app's label", () => {
    expect(duplicatedFrom({ initiator: { type: "duplicated-job", id }, labels: { [DUPLICATED_FROM_LABEL]: "older0000000000000000000" } })).toBe(id);
    expect(duplicatedFrom({ initiator: { type: "user", id: "u1" }, labels: { [DUPLICATED_FROM_LABEL]: id } })).toBe(id);
    expect(duplicatedFrom({ initiator: null, labels: { [DUPLICATED_FROM_LABEL]: id } })).toBe(id);
  });
  it("is null for originals, schedule runs and malformed labels", () => {
    expect(duplicatedFrom({ initiator: { type: "user", id: "u1" }, labels: { name: "x" } })).toBeNull();
    expect(duplicatedFrom({ initiator: { type: "scheduled-job", id: "s1" }, labels: { [DUPLICATED_FROM_LABEL]: id } })).toBeNull();
    expect(duplicatedFrom({ initiator: null, labels: { [DUPLICATED_FROM_LABEL]: "../x" } })).toBeNull();
    expect(duplicatedFrom({})).toBeNull();
  });
});
