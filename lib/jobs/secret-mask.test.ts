import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fakeHubToken } from "@/test-support/fake-token";
import { buildMaskManifest, createMasker, fragmentsOf, jobMaskKey, MASK, parseMaskManifest } from "./secret-mask";

const serverKey = randomBytes(32);
const key = jobMaskKey(serverKey, "alice", "20261201T090000-abcdef");
const ONE_LINE = `pw-${randomBytes(9).toString("base64url")}`;
const SA = JSON.stringify(
  { type: "service_account", project_id: "demo-project-123", private_key_id: randomBytes(20).toString("hex"), client_email: "runner@demo-project-123.iam.example.com" },
  null,
  2,
);

function maskAll(lines: string[], secrets: Record<string, string>, k = key) {
  const manifest = parseMaskManifest(JSON.stringify(buildMaskManifest(key, secrets)));
  const mask = createMasker({ key: k, manifest });
  return lines.map((l) => mask(l));
}

describe("secret masking by keyed fingerprints", () => {
  it("the manifest holds fingerprints only, never a value or a line of one", () => {
    const text = JSON.stringify(buildMaskManifest(key, { ONE: ONE_LINE, SA }));
    expect(text).not.toContain(ONE_LINE);
    for (const line of SA.split("\n")) if (line.trim().length >= 8) expect(text).not.toContain(line.trim());
    expect(text).not.toContain(JSON.stringify(SA).slice(1, -1));
  });

  it("masks a one-line value wherever it stands between token boundaries, naming it", () => {
    const [a, b, c] = maskAll([`token=${ONE_LINE}`, `"${ONE_LINE}" and ${ONE_LINE}.`, `x${ONE_LINE}`], { ONE: ONE_LINE });
    expect(a).toEqual({ text: `token=${MASK}`, names: ["ONE"] });
    expect(b?.text).toBe(`"${MASK}" and ${MASK}.`);
    // inside a longer word it is not a token: left alone (best effort, no false masking of words)
    expect(c?.text).toBe(`x${ONE_LINE}`);
  });

  it("masks each line of a multi-line value printed raw, and the whole value JSON-escaped", () => {
    const raw = maskAll(SA.split("\n"), { SA });
    for (const [i, line] of SA.split("\n").entries()) {
      const out = raw[i]?.text ?? "";
      if (line.trim().length >= 8) expect(out, line).not.toContain(line.trim());
    }
    const escaped = JSON.stringify({ creds: SA });
    const [e] = maskAll([escaped, `print: ${JSON.stringify(SA)}`], { SA });
    expect(e?.text).toBe(`{"creds":"${MASK}"}`);
    // a dict printed with one key per line, escaped lines after `\n`
    const [f] = maskAll([`x = "${JSON.stringify(SA.split("\n")[2]).slice(1, -1)}\\n"`], { SA });
    expect(f?.text).toContain(MASK);
  });

  it("short lines of a multi-line value (< 8 chars) and ordinary text stay as they are", () => {
    const out = maskAll(["{", "}", "  },", "INFO step 1/10 loss=0.25", "service_account is the type"], { SA });
    expect(out.map((o) => o.text)).toEqual(["{", "}", "  },", "INFO step 1/10 loss=0.25", "service_account is the type"]);
    expect(out.every((o) => o.names.length === 0)).toBe(true);
  });

  it("another key (another folder or AUTH_SECRET) matches nothing", () => {
    const other = jobMaskKey(serverKey, "alice", "20261201T090000-000000");
    const [a] = maskAll([`token=${ONE_LINE}`], { ONE: ONE_LINE }, other);
    expect(a?.text).toBe(`token=${ONE_LINE}`);
  });

  it("fragments: whole, trimmed, each line ≥ 8 chars, and their JSON-escaped forms", () => {
    const f = fragmentsOf('  a "quoted" line here\nshort\n  second long line  ');
    expect(f).toContain('a "quoted" line here');
    expect(f).toContain('a \\"quoted\\" line here');
    expect(f).toContain("second long line");
    expect(f).not.toContain("short");
  });
});

describe("token shapes and clear values", () => {
  it("masks an hf_ token, cloud keys and a PEM block split over lines, with no fingerprint", () => {
    const token = fakeHubToken();
    const mask = createMasker({});
    const aws = `AKIA${"ABCDEFGHIJKLMNOP"}`;
    expect(mask(`HF_TOKEN=${token}`)).toEqual({ text: `HF_TOKEN=${MASK}`, names: ["Hugging Face token"] });
    expect(mask(`key ${aws} here`).text).toBe(`key ${MASK} here`);
    const pem = ["-----BEGIN PRIVATE KEY-----", randomBytes(48).toString("base64"), randomBytes(48).toString("base64"), "-----END PRIVATE KEY-----", "after"];
    expect(pem.map((l) => mask(l).text)).toEqual([MASK, MASK, MASK, MASK, "after"]);
    const oneLine = `{"private_key": "-----BEGIN RSA PRIVATE KEY-----\\n${randomBytes(30).toString("base64")}\\n-----END RSA PRIVATE KEY-----\\n"}`;
    expect(mask(oneLine).text).toBe(`{"private_key": "${MASK}\\n"}`);
  });

  it("masks the viewer's own token given in clear", () => {
    const token = `tok-${randomBytes(12).toString("hex")}`;
    const mask = createMasker({ values: { "your token": token } });
    expect(mask(`Bearer ${token}!`)).toEqual({ text: `Bearer ${MASK}!`, names: ["your token"] });
  });

  it("a malformed manifest is ignored, not trusted", () => {
    expect(parseMaskManifest("not json")).toBeNull();
    expect(parseMaskManifest(JSON.stringify({ v: 2, fragments: [] }))).toBeNull();
    expect(parseMaskManifest(JSON.stringify({ v: 1, fragments: [{ name: "x", len: -1, tag: 1, mac: "00" }] }))?.fragments).toEqual([]);
  });
});
