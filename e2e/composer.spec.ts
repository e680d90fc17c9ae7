import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUB_URL, expect, test, testControlHeaders } from "./fixtures";
import { ComposerPage, type DropFile } from "./pages/composer.page";

/**
 * The composer as a new user meets it, against the app in local mode (scripts/start.mjs: local Hub +
 * `next start`): sign in, drop a PEP 723 script and its config, launch, follow the job to COMPLETED,
 * read its logs and find its outputs next to the inputs; then schedule a job. Screenshots of each
 * page go to test-results/screenshots/.
 */

const SHOTS = "test-results/screenshots";
mkdirSync(SHOTS, { recursive: true });

// Stdlib only (no uv, no network in the local sandbox). The pauses keep the job RUNNING long enough
// for the job page to show that stage before COMPLETED; nothing asserts on durations.
const SCRIPT = `# /// script
# requires-python = ">=3.10"
# dependencies = []
# ///
import json
import pathlib
import sys
import time

args = sys.argv[1:]
config = pathlib.Path(args[args.index("--config") + 1])
print(f"progress 1/3: read {config.name} ({len(config.read_text().splitlines())} lines)", flush=True)
time.sleep(4)
pathlib.Path("/data/metrics.json").write_text(json.dumps({"loss": 0.125, "epochs": 3}))
print("progress 2/3: wrote metrics.json", flush=True)
plots = pathlib.Path("/data/plots")
plots.mkdir(exist_ok=True)
(plots / "a.txt").write_text("a plot, in words\\n")
time.sleep(2)
print("progress 3/3: done", flush=True)
`;

const CONFIG = "epochs: 3\nlr: 0.001\n";

const files: DropFile[] = [
  { name: "train.py", mimeType: "text/x-python", buffer: Buffer.from(SCRIPT) },
  { name: "config.yaml", mimeType: "application/x-yaml", buffer: Buffer.from(CONFIG) },
];

test("drop a PEP 723 script and its config, launch, follow it to COMPLETED, see logs and outputs", async ({ signedInPage: page }) => {
  test.setTimeout(180_000);
  const composer = new ComposerPage(page);
  await composer.goto();
  await expect(composer.dropZone).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/composer-empty.png`, fullPage: true });

  await composer.dropFiles(files);
  // The .py with a PEP 723 header is the entry script by default.
  await expect(composer.entryScript).toHaveValue("train.py");
  await expect(composer.fileRow("train.py")).toContainText("entry script");
  await expect(composer.fileRow("config.yaml")).toContainText(`${Buffer.byteLength(CONFIG)} B`);

  await composer.args.fill("--config config.yaml --note 'a > b'");
  await expect(page.getByTestId("args-tokens").locator("code")).toHaveText(["--config", "config.yaml", "--note", "a > b"]);
  await composer.timeout.fill("10m");
  await expect(page.getByTestId("timeout-seconds")).toHaveText("= 600 s (10m)");
  await composer.jobName.fill("composer-e2e");

  // The preview shows the exact argv the job gets, dropped paths rewritten to /data.
  await expect(composer.argv.getByRole("listitem")).toHaveText(["uv", "run", "/data/train.py", "--config", "/data/config.yaml", "--note", "a > b"]);
  await expect(composer.preview.getByTestId("spec-timeout")).toHaveText("600 s");
  // Hardware comes from the Hub's list, with its price; the worst case is 10 min of it.
  await expect(page.getByTestId("flavor-price")).toContainText("/h");
  await expect(composer.preview.getByTestId("spec-cost")).toContainText("× 10 min");

  // One click adds the user's token as a secret, by name only.
  await page.getByRole("button", { name: "Add my token as HF_TOKEN" }).click();
  await expect(composer.preview.getByTestId("spec-secrets")).toHaveText("HF_TOKEN");
  await page.screenshot({ path: `${SHOTS}/composer-filled.png`, fullPage: true });

  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
  const jobUrl = page.url();

  // Status comes from the job page's polling: RUNNING first, then COMPLETED.
  await expect(page.getByText("RUNNING", { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/job-running.png`, fullPage: true });
  await expect(page.getByText("COMPLETED", { exact: true }).first()).toBeVisible({ timeout: 60_000 });

  // The printed lines are in the logs.
  const logs = page.getByRole("log");
  await expect(logs).toContainText("progress 1/3: read config.yaml (2 lines)", { timeout: 30_000 });
  await expect(logs).toContainText("progress 3/3: done");
  await page.screenshot({ path: `${SHOTS}/job-completed.png`, fullPage: true });

  // The session's token reached the job as a secret (by name only on the page).
  await expect(page.getByRole("region", { name: "Spec" })).toContainText("HF_TOKEN");

  // Outputs: what the job wrote to /data sits next to the dropped inputs, in the same folder.
  const outputs = page.getByRole("region", { name: "Outputs" });
  const row = (name: string) => outputs.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
  await expect(row("train.py")).toContainText("input", { timeout: 30_000 });
  await expect(row("config.yaml")).toContainText("input");
  await expect(row("metrics.json")).toContainText("output");
  const plots = page.getByRole("button", { name: /\bplots\b/ });
  await expect(outputs.getByRole("row").filter({ has: plots })).toContainText("folder");
  await outputs.locator(plots).click();
  await expect(row("a.txt")).toContainText("output");
  await page.screenshot({ path: `${SHOTS}/job-outputs.png`, fullPage: true });
  expect(page.url()).toContain(new URL(jobUrl).pathname);

  // "Edit and re-run" brings the composer back with the command and only the input files.
  await page.getByRole("link", { name: "Edit and re-run" }).click();
  await expect(page.getByTestId("rerun-banner")).toContainText("Editing a copy of composer-e2e");
  await expect(composer.fileRow("train.py")).toBeVisible();
  await expect(composer.fileRow("config.yaml")).toBeVisible();
  await expect(composer.fileList.getByRole("listitem")).toHaveCount(2);
  await expect(composer.args).toHaveValue("--config config.yaml --note 'a > b'");
  await expect(composer.jobName).toHaveValue("composer-e2e");
  await expect(composer.argv.getByRole("listitem")).toHaveText(["uv", "run", "/data/train.py", "--config", "/data/config.yaml", "--note", "a > b"]);
  await expect(page.getByTestId("rerun-banner")).toContainText("enter HF_TOKEN again");
  await page.screenshot({ path: `${SHOTS}/composer-rerun.png`, fullPage: true });
});

test.describe("in a browser east of UTC", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("schedule a job from the composer: presets, custom cron with next runs, 'never runs' caught", async ({ signedInPage: page }) => {
    const composer = new ComposerPage(page);
    await composer.goto();
    await composer.dropFiles([files[0]]);
    await composer.args.fill("--config config.yaml");
    await composer.dropFiles([files[1]]);

    await composer.chooseSchedule();
    await page.getByLabel("Repeat").selectOption({ label: "Hourly" });
    await expect(composer.cron).toHaveValue("@hourly");
    await expect(page.getByTestId("cron-description")).toHaveText("Every hour, at minute 0");
    // Five next runs, each on the hour, in UTC and in the browser's zone (Tokyo, UTC+9).
    const runs = composer.cronPreview.locator("tbody tr");
    await expect(runs).toHaveCount(5);
    await expect(composer.cronPreview.getByRole("columnheader", { name: "Your time (Asia/Tokyo)" })).toBeVisible();
    const first = await runs.first().locator("time").getAttribute("datetime");
    expect(first).toMatch(/T\d\d:00:00\.000Z$/);
    const firstRun = new Date(first ?? "");
    const tokyo = new Date(firstRun.getTime() + 9 * 3600_000).toISOString();
    await expect(runs.first().locator("td").nth(2)).toHaveText(new RegExp(`${tokyo.slice(0, 10)} ${tokyo.slice(11, 16)}$`));

    await composer.cron.fill("0 0 31 2 *");
    await expect(composer.cronError).toContainText("never runs");
    await composer.createSchedule.click();
    await expect(page.getByText("Fix the fields marked in red first.")).toBeVisible();

    await composer.cron.fill("@Daily");
    await expect(composer.cronError).toHaveText("Write the alias in lower case: @daily.");

    await composer.cron.fill("30 6 * * 1-5");
    await expect(page.getByTestId("cron-description")).toHaveText("Every weekday (Monday–Friday) at 06:30 UTC");
    await expect(composer.preview).toContainText("30 6 * * 1-5");
    await page.screenshot({ path: `${SHOTS}/composer-schedule.png`, fullPage: true });

    await composer.createSchedule.click();
    await page.waitForURL(/\/scheduled-jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
    await expect(page.getByText("30 6 * * 1-5").first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/scheduled-job.png`, fullPage: true });
  });
});

test("errors land on their field; the drop zone works by keyboard", async ({ signedInPage: page }) => {
  const composer = new ComposerPage(page);
  // Listen before the page loads: registered later, the first chooser was sometimes missed when
  // this test ran after one using another browser context (timezoneId).
  const chooser = page.waitForEvent("filechooser");
  await composer.goto();

  // Keyboard: the drop zone is a focusable button; Enter opens the file picker.
  await composer.dropZone.focus();
  await page.keyboard.press("Enter");
  await (await chooser).setFiles([files[0]]);
  await expect(composer.fileRow("train.py")).toBeVisible();

  // Launching with nothing wrong but a bad timeout: the error is on the timeout field, focus goes there.
  await composer.timeout.fill("0");
  await composer.runNow.click();
  await expect(composer.timeout).toHaveAttribute("aria-invalid", "true");
  await expect(composer.timeout).toBeFocused();
  await expect(page.getByTestId("spec-error-count")).toContainText("1 problem");

  // A file can be removed again.
  await page.getByRole("button", { name: "Remove train.py" }).click();
  await expect(composer.fileList).toHaveCount(0);
});

test("files dragged onto the drop zone light it up and are added when dropped; files dropped beside it are refused", async ({ signedInPage: page }) => {
  const composer = new ComposerPage(page);
  await composer.goto();
  // A drag from the desktop, as the browser hands it to the page (a DataTransfer carrying Files).
  const dataTransfer = await page.evaluateHandle(
    ([script, config]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([script], "train.py", { type: "text/x-python" }));
      dt.items.add(new File([config], "config.yaml"));
      return dt;
    },
    [SCRIPT, CONFIG],
  );
  await composer.dropZone.dispatchEvent("dragenter", { dataTransfer });
  await expect(composer.dropZone).toContainText("Drop to add");
  await composer.dropZone.dispatchEvent("dragover", { dataTransfer });
  await composer.dropZone.dispatchEvent("drop", { dataTransfer });
  await expect(composer.fileRow("train.py")).toBeVisible();
  await expect(composer.fileRow("config.yaml")).toBeVisible();
  await expect(composer.entryScript).toHaveValue("train.py");
  await expect(composer.dropZone).not.toContainText("Drop to add");

  // Dropped on the page's heading instead: the page cancels the drop, so the browser does not open
  // the file in place of the composer, and nothing is added.
  const prevented = await page.getByRole("heading", { name: "New job" }).evaluate((heading) => {
    const dt = new DataTransfer();
    dt.items.add(new File(["x"], "stray.txt"));
    const over = new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true });
    const drop = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
    heading.dispatchEvent(over);
    heading.dispatchEvent(drop);
    return { over: over.defaultPrevented, drop: drop.defaultPrevented };
  });
  expect(prevented).toEqual({ over: true, drop: true });
  await expect(composer.fileList.getByRole("listitem")).toHaveCount(2);
});

test("the composer on a phone, in dark mode", async ({ signedInPage: page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 390, height: 844 });
  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles(files);
  await expect(composer.entryScript).toHaveValue("train.py");
  // Nothing overflows sideways: the single column fits the phone's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(composer.runNow).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/composer-mobile-dark.png`, fullPage: true });
});

test("a folder from the folder picker keeps its own name and its sub-folders", async ({ signedInPage: page }) => {
  const dir = join(mkdtempSync(join(tmpdir(), "composer-e2e-")), "proj");
  mkdirSync(join(dir, "configs"), { recursive: true });
  writeFileSync(join(dir, "train.py"), SCRIPT);
  writeFileSync(join(dir, "configs", "config.yaml"), CONFIG);
  const composer = new ComposerPage(page);
  await composer.goto();
  await page.getByTestId("folder-input").setInputFiles(dir);
  // Issue 13: "Choose folder" keeps the picked folder's own name, so paths written from the project's
  // parent (proj/configs/config.yaml) point at the file.
  await expect(page.getByText('Folder "proj/" added: its files are at /data/proj/.')).toBeVisible();
  await expect(composer.fileRow("proj/train.py")).toContainText("/data/proj/train.py");
  await expect(composer.fileRow("proj/configs/config.yaml")).toContainText("/data/proj/configs/config.yaml");
  await composer.args.fill("--config proj/configs/config.yaml");
  await expect(composer.argv.getByRole("listitem")).toHaveText(["uv", "run", "/data/proj/train.py", "--config", "/data/proj/configs/config.yaml"]);
});

test("a launch that fails after the upload says so, and the retry reuses the uploaded folder", async ({ signedInPage: page, request }) => {
  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles(files);
  await composer.args.fill("--config config.yaml");
  await composer.jobName.fill("composer-retry");

  // The Hub refuses the next job creation (the upload itself goes through).
  const fault = await request.post(`${HUB_URL}/__test/faults`, { data: { method: "POST", path: "/api/jobs/*", count: 1, kind: "500" }, headers: testControlHeaders() });
  expect(fault.ok()).toBe(true);
  await composer.runNow.click();
  await expect(composer.launchError).toContainText("The launch failed");
  await expect(composer.launchError).toContainText(/launching again reuses them/);
  const folder = await composer.launchError.locator("code").innerText();
  expect(folder).toMatch(/^\d{8}T\d{6}-[0-9a-f]{6}$/);
  await page.screenshot({ path: `${SHOTS}/composer-launch-error.png`, fullPage: true });

  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "composer-retry" })).toBeVisible();
  // Same folder as the failed attempt: nothing was uploaded twice into a new one.
  await expect(page.getByRole("region", { name: "Outputs" }).getByRole("button", { name: folder })).toBeVisible();
});

test("a launch bigger than the request proxy's default 10 MB buffer goes through whole", async ({ signedInPage: page }) => {
  const composer = new ComposerPage(page);
  await composer.goto();
  // 11 MB of non-repeating bytes, and a script that checks it received every byte.
  const big = Buffer.alloc(11 * 1000 * 1000);
  for (let i = 0, x = 12345; i < big.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    big[i] = x >>> 24;
  }
  const check = `import hashlib, pathlib\ndata = pathlib.Path("/data/blob.bin").read_bytes()\nprint(f"received {len(data)} bytes sha256 {hashlib.sha256(data).hexdigest()}", flush=True)\n`;
  await composer.dropFiles([
    { name: "check.py", mimeType: "text/x-python", buffer: Buffer.from(check) },
    { name: "blob.bin", mimeType: "application/octet-stream", buffer: big },
  ]);
  await composer.jobName.fill("composer-big-upload");
  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });
  const digest = createHash("sha256").update(big).digest("hex");
  await expect(page.getByText(`received ${big.length} bytes sha256 ${digest}`)).toBeVisible({ timeout: 60_000 });
});
