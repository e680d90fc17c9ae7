import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { expect, HUB_URL, LOCAL_USER, test } from "./fixtures";

/**
 * POST /api/launch with a body whose large file streams into the upload (≥ 4 MiB, handed over while it
 * arrives: lib/jobs/receive-launch-form.ts) but which never sends another listed file. The failed
 * upload used to reach @huggingface/hub's event generator while progress events were still queued:
 * it answered 500 ("Logic error in eventGenerator") and the next such launch hung (patches/README.md,
 * hub item 9). Sent with node:http, part by part as a browser streams a FormData.
 */
function launchMissingFile(appUrl: string, cookie: string): Promise<{ status: number; body: string }> {
  const script = Buffer.from("print(1)\n");
  const big = randomBytes(12 * 1024 * 1024);
  const input = JSON.stringify({
    namespace: LOCAL_USER,
    files: [{ path: "a.py", size: script.length }, { path: "big.bin", size: big.length }, { path: "z.txt", size: 3 }],
    script: "a.py",
  });
  const boundary = `----e2e${randomBytes(8).toString("hex")}`;
  const head = (disposition: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n`);
  const parts = [
    head('name="input"'), Buffer.from(input), Buffer.from("\r\n"),
    head('name="file"; filename="a.py"'), script, Buffer.from("\r\n"),
    head('name="file"; filename="big.bin"'), big, Buffer.from("\r\n"),
    Buffer.from(`--${boundary}--\r\n`),
  ];
  const length = parts.reduce((n, p) => n + p.length, 0);
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL("/api/launch", appUrl), {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": length, cookie, origin: appUrl, "sec-fetch-site": "same-origin" },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error("no answer within 60 s")));
    req.on("error", reject);
    void (async () => {
      for (const p of parts) if (!req.write(p)) await new Promise((r) => req.once("drain", r));
      req.end();
    })();
  });
}

test("a streamed launch missing a listed file answers 400 naming it, every time, and launches nothing", async ({ signedInPage: page, hubToken, baseURL }) => {
  const appUrl = baseURL ?? "";
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  // The Hub lists newest first: no new job means the same newest one.
  const newestJob = async () => {
    const res = await fetch(`${HUB_URL}/api/jobs/${LOCAL_USER}`, { headers: { authorization: `Bearer ${hubToken}` } });
    return ((await res.json()) as { id: string }[])[0]?.id ?? null;
  };
  const before = await newestJob();
  for (let i = 0; i < 3; i++) {
    const r = await launchMissingFile(appUrl, cookie);
    expect(r.status, r.body).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringContaining('"z.txt" was listed but its content was not sent') } });
  }
  expect(await newestJob()).toBe(before);
});
