import { describe, expect, it } from "vitest";
import { parseDotenv } from "./parse-dotenv";

describe("parseDotenv (the --secrets-file / --env-file syntax)", () => {
  it("reads plain, exported, quoted and commented bindings in order", () => {
    const text = "# a comment\nA=1\nexport B = two words # note\nC='lit\\n $x'\n\nD=\"x\\ny\\t\\\"q\\\"\"\nA=again\n";
    expect(parseDotenv(text)).toEqual({ entries: [["B", "two words"], ["C", "lit\\n $x"], ["D", 'x\ny\t"q"'], ["A", "again"]], errors: [] });
  });

  it("keeps a multi-line double-quoted value (a PEM key, a JSON file) byte for byte", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBg\nkqhkiG9w0BAQEF\n-----END PRIVATE KEY-----\n";
    const json = '{\n  "type": "service_account"\n}';
    const text = `KEY="${pem}"\r\nSA='${json}'\nAFTER=ok`;
    expect(parseDotenv(text).entries).toEqual([["KEY", pem], ["SA", json], ["AFTER", "ok"]]);
  });

  it("names the lines it cannot read", () => {
    expect(parseDotenv("just text\nOK=1\nBAD=\"open").errors).toEqual(["line 1: expected NAME=value", 'line 3: BAD has an unclosed " quote']);
  });
});
