import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { APP_LABELS } from "@/lib/jobs/constants";
import { fakeHubToken } from "@/test-support/fake-token";
import { ensureHfVenv2x } from "@/test-support/hf-venv-2x";
import { HUB_URL, LOCAL_USER, expect, test } from "./fixtures";
import { ComposerPage } from "./pages/composer.page";

/**
 * Command jobs, the `hf` command line and preflight in the composer (issue 13, Deliver 1, 5, 7), as a
 * user drives them; what the Hub got is read back from the local Hub, and the line the page shows is
 * run through the official hf 2.0.0 CLI against a capture server to compare what it would send.
 */

/** Runs `line` with /bin/sh against a one-shot capture server; → the body the CLI POSTed to /api/jobs/{ns}. */
async function specTheCliSends(line: string): Promise<Record<string, unknown>> {
  const { hf } = ensureHfVenv2x();
  let body: Record<string, unknown> | null = null;
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const p = (req.url ?? "").split("?")[0] ?? "";
      const owner = { id: "0".repeat(24), name: LOCAL_USER, type: "user" };
      res.writeHead(p.startsWith("/api/") ? 200 : 404, { "Content-Type": "application/json" });
      if (p === "/api/whoami-v2") return res.end(JSON.stringify({ type: "user", name: LOCAL_USER, id: owner.id, orgs: [] }));
      if (req.method === "POST" && /^\/api\/jobs\/[^/]+$/.test(p)) {
        body = JSON.parse(raw) as Record<string, unknown>;
        return res.end(JSON.stringify({ ...body, id: "a".repeat(24), owner, status: { stage: "RUNNING" }, createdAt: new Date().toISOString() }));
      }
      res.end(JSON.stringify({ error: "capture server: no route" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        "/bin/sh",
        ["-c", line.replace(/^hf jobs run /, "hf jobs run -d ")],
        { env: { ...process.env, PATH: `${dirname(hf)}:/usr/bin:/bin`, HF_ENDPOINT: url, HF_TOKEN: fakeHubToken(), HF_HUB_DISABLE_TELEMETRY: "1" }, timeout: 60_000 },
        (err, _out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve()),
      );
    });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
  if (body === null) throw new Error("the hf CLI sent no job");
  return body;
}

/** The parts of a spec both sides must agree on: the app's own labels and its `/data` folder volume left out. */
function comparable(spec: Record<string, unknown>) {
  const labels = Object.fromEntries(Object.entries((spec["labels"] ?? {}) as Record<string, string>).filter(([k]) => !APP_LABELS.includes(k)));
  const volumes = ((spec["volumes"] ?? []) as { mountPath: string }[]).filter((v) => v.mountPath !== "/data");
  return {
    dockerImage: spec["dockerImage"],
    command: spec["command"],
    flavor: spec["flavor"],
    environment: spec["environment"] ?? {},
    timeoutSeconds: spec["timeoutSeconds"] ?? null,
    labels,
    volumes,
  };
}

test("a command job `python -c \"print(6*7)\"` on python:3.12 prints 42; its hf line makes the CLI send the same spec", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(180_000);
  const composer = new ComposerPage(page);
  await composer.goto();
  await page.getByRole("radio", { name: /^Command/ }).check();
  await page.getByRole("textbox", { name: "Image" }).fill("python:3.12");
  await page.getByRole("textbox", { name: "Command", exact: true }).fill('python -c "print(6*7)"');
  await page.getByLabel("Timeout", { exact: true }).fill("10m");
  const name = `cmd-e2e-${Date.now().toString(36)}`;
  await composer.jobName.fill(name);
  await expect(page.getByTestId("command-tokens").locator("code")).toHaveText(["python", "-c", "print(6*7)"]);
  await expect(composer.argv.getByRole("listitem")).toHaveText(["python", "-c", "print(6*7)"]);
  const line = await page.getByLabel("hf command line").innerText();
  // `--` because an argument (-c) starts with "-": click would take it for its own option otherwise.
  expect(line).toBe(`hf jobs run --timeout 10m --name ${name} -- python:3.12 python -c 'print(6*7)'`);

  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
  const jobId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  await expect(page.getByText("COMPLETED", { exact: true }).first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("log")).toContainText("42", { timeout: 30_000 });

  const res = await page.request.get(`${HUB_URL}/api/jobs/${LOCAL_USER}/${jobId}`, { headers: { Authorization: `Bearer ${hubToken}` } });
  expect(res.ok()).toBe(true);
  const job = (await res.json()) as Record<string, unknown>;
  expect(job["command"]).toEqual(["python", "-c", "print(6*7)"]);
  expect(job["dockerImage"]).toBe("python:3.12");
  // The line the page showed, run by the official CLI, sends what the app sent.
  expect(comparable(await specTheCliSends(line))).toEqual(comparable(job));

  // Edit and re-run brings the command job back as a command job.
  await page.getByRole("link", { name: "Edit and re-run" }).click();
  await expect(page.getByRole("radio", { name: /^Command/ })).toBeChecked();
  await expect(page.getByRole("textbox", { name: "Command", exact: true })).toHaveValue("python -c 'print(6*7)'");
  await expect(page.getByRole("textbox", { name: "Image" })).toHaveValue("python:3.12");
});

test("a pasted hf line fills the form; what the form cannot hold is reported; the copied line says the same again", async ({ signedInPage: page }) => {
  const composer = new ComposerPage(page);
  await composer.goto();
  await page.getByText("Paste hf command").click();
  await page.getByLabel("hf jobs command line").fill(`hf jobs run --timeout 5m -e MODE=fast -s API_KEY --name pasted --ssh python:3.12 python -c "print(1)"`);
  await page.getByRole("button", { name: "Fill the form" }).click();
  await expect(page.getByRole("radio", { name: /^Command/ })).toBeChecked();
  await expect(page.getByRole("textbox", { name: "Image" })).toHaveValue("python:3.12");
  await expect(page.getByRole("textbox", { name: "Command", exact: true })).toHaveValue("python -c 'print(1)'");
  await expect(page.getByLabel("Timeout", { exact: true })).toHaveValue("5m");
  await expect(composer.jobName).toHaveValue("pasted");
  const notes = page.getByRole("list", { name: "Paste notes" });
  await expect(notes).toContainText("Enter the value of API_KEY in Secrets.");
  await expect(notes).toContainText("Not in the form yet: --ssh.");
  // The copied line says the same again (the secret by name; --ssh has no field yet, so it is reported above).
  await expect(page.getByLabel("hf command line")).toHaveText("hf jobs run --timeout 5m -e MODE=fast -s API_KEY --name pasted -- python:3.12 python -c 'print(1)'");
  // The secret asks for its value before the job can be launched.
  await composer.runNow.click();
  await expect(page.getByText("Fix the fields marked in red first.")).toBeVisible();

  // A line the CLI would refuse is an error naming the option.
  await page.getByLabel("hf jobs command line").fill("hf jobs run --timeout soon python:3.12 true");
  await page.getByRole("button", { name: "Fill the form" }).click();
  await expect(page.getByText("--timeout: `--timeout soon` is not a duration")).toBeVisible();
});

test("preflight: a 0-byte script, two files with one path and a YAML entry script are shown, and nothing is launched", async ({ signedInPage: page, hubToken }) => {
  const composer = new ComposerPage(page);
  await composer.goto();
  const listJobs = async () => {
    const res = await page.request.get(`${HUB_URL}/api/jobs/${LOCAL_USER}`, { headers: { Authorization: `Bearer ${hubToken}` } });
    return ((await res.json()) as unknown[]).length;
  };
  const before = await listJobs();
  const input = page.getByTestId("dropzone-input");

  await input.setInputFiles([{ name: "empty.py", mimeType: "text/x-python", buffer: Buffer.alloc(0) }]);
  await expect(composer.entryScript).toHaveValue("empty.py");
  await expect(page.getByText("empty.py is empty (0 bytes): there is nothing to run")).toBeVisible();

  await input.setInputFiles([{ name: "a.py", mimeType: "text/x-python", buffer: Buffer.from("print('one')\n") }]);
  await input.setInputFiles([{ name: "a.py", mimeType: "text/x-python", buffer: Buffer.from("print('the other one')\n") }]);
  await expect(composer.fileList.getByRole("listitem").filter({ hasText: "a.py" })).toHaveCount(2);
  await expect(page.getByText('Two files have the path "a.py": the one already listed (13 B) and the one just added (23 B)')).toBeVisible();

  await input.setInputFiles([{ name: "config.yaml", mimeType: "application/x-yaml", buffer: Buffer.from("lr: 1\n") }]);
  await composer.entryScript.selectOption("config.yaml");
  await expect(page.getByText("config.yaml cannot be the entry script: it must be a Python file (.py) or a file with a `# /// script` block")).toBeVisible();

  await composer.runNow.click();
  await expect(page.getByText("Fix the fields marked in red first.")).toBeVisible();
  expect(page.url()).not.toMatch(/\/jobs\//);
  expect(await listJobs()).toBe(before);
});

test("a script's [tool.hf-jobs] flavor, timeout and labels prefill the form (marked) and the job launches with them", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(120_000);
  const composer = new ComposerPage(page);
  await composer.goto();
  const script = `# /// script
# dependencies = []
# [tool.hf-jobs]
# flavor = "cpu-upgrade"
# timeout = "15m"
# labels = { team = "ml" }
# ///
print("from the header", flush=True)
`;
  await composer.dropFiles([{ name: "header.py", mimeType: "text/x-python", buffer: Buffer.from(script) }]);
  const note = page.getByRole("note", { name: "Filled from the script" });
  await expect(note).toContainText("flavor");
  await expect(note).toContainText("timeout");
  await expect(note).toContainText("labels.team");
  await expect(page.getByLabel("Timeout", { exact: true })).toHaveValue("15m");
  await expect(composer.hardware).toHaveValue("cpu-upgrade");
  await composer.jobName.fill(`hdr-e2e-${Date.now().toString(36)}`);
  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
  const jobId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  const res = await page.request.get(`${HUB_URL}/api/jobs/${LOCAL_USER}/${jobId}`, { headers: { Authorization: `Bearer ${hubToken}` } });
  const job = (await res.json()) as { flavor: string; timeoutSeconds?: number; timeout?: number; labels: Record<string, string> };
  expect(job.flavor).toBe("cpu-upgrade");
  expect(job.timeoutSeconds ?? job.timeout).toBe(900);
  expect(job.labels["team"]).toBe("ml");
});

test("an unknown [tool.hf-jobs] key is an error naming the valid ones, and blocks the launch", async ({ signedInPage: page }) => {
  const composer = new ComposerPage(page);
  await composer.goto();
  const script = `# /// script\n# dependencies = []\n# [tool.hf-jobs]\n# flavour = "cpu-upgrade"\n# ///\nprint(1)\n`;
  await composer.dropFiles([{ name: "typo.py", mimeType: "text/x-python", buffer: Buffer.from(script) }]);
  await expect(page.getByText(/\[tool\.hf-jobs\]: .*flavour.*flavor/)).toBeVisible();
  await composer.runNow.click();
  await expect(page.getByText("Fix the fields marked in red first.")).toBeVisible();
});
