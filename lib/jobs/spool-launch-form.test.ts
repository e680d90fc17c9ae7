import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spoolLaunchForm } from "./spool-launch-form";

const parent = mkdtempSync(join(tmpdir(), "spool-test-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function multipart(form: FormData): Request {
  return new Request("http://localhost/api/launch", { method: "POST", body: form });
}

describe("spoolLaunchForm", () => {
  it("keeps text fields, folder paths in file names and every byte; cleanup removes the temp folder", async () => {
    const big = randomBytes(3_000_000);
    const form = new FormData();
    form.set("input", JSON.stringify({ namespace: "alice" }));
    form.append("file", new File([big], "data/part-1.bin"), "data/part-1.bin");
    form.append("file:configs/a b ä.yaml", new File(["lr: 1\n"], "a b ä.yaml"), "a b ä.yaml");
    form.append("file", new File([], "empty.txt"), "empty.txt");
    const r = await spoolLaunchForm(multipart(form), { maxFileBytes: 10_000_000, dir: parent });
    if (!r.ok) throw new Error(r.error.message);
    const { form: out, fileBytes, cleanup } = r.value;
    expect(out.get("input")).toBe(JSON.stringify({ namespace: "alice" }));
    const files = out.getAll("file") as File[];
    expect(files.map((f) => f.name)).toEqual(["data/part-1.bin", "empty.txt"]);
    expect(Buffer.from(await (files[0] as File).arrayBuffer()).equals(big)).toBe(true);
    expect((files[1] as File).size).toBe(0);
    const renamed = out.get("file:configs/a b ä.yaml") as File;
    expect(renamed.name).toBe("a b ä.yaml");
    expect(await renamed.text()).toBe("lr: 1\n");
    expect(fileBytes).toBe(big.length + 6);
    expect(readdirSync(parent)).toHaveLength(1);
    await cleanup();
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("stops reading at the byte limit across parts, answers payload_too_large and leaves nothing behind", async () => {
    const form = new FormData();
    form.set("input", "{}");
    form.append("file", new File([randomBytes(600_000)], "a.bin"), "a.bin");
    form.append("file", new File([randomBytes(600_000)], "b.bin"), "b.bin");
    const r = await spoolLaunchForm(multipart(form), { maxFileBytes: 1_000_000, dir: parent });
    expect(r).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
    expect(readdirSync(parent)).toHaveLength(0);
  });

  it("refuses a body that is not multipart, and a truncated multipart body, as invalid_input", async () => {
    const json = new Request("http://localhost/api/launch", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await spoolLaunchForm(json, { maxFileBytes: 1000, dir: parent })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const cut = new Request("http://localhost/api/launch", {
      method: "POST",
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.py"\r\n\r\nprint(1)',
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
    });
    expect(await spoolLaunchForm(cut, { maxFileBytes: 1000, dir: parent })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(readdirSync(parent)).toHaveLength(0);
  });
});
