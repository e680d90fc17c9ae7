import { expect, HUB_URL, LOCAL_USER, test } from "./fixtures";
import { seedPythonJob } from "./pages/hub-jobs.page";
import { ComparePage } from "./pages/compare.page";
import { JobPage, JobsDashboardPage } from "./pages/jobs.page";

/**
 * Observability on the job page (issue 14): charts of printed JSON metrics, log search and filter,
 * line links. Jobs are created directly in the local Hub and followed through the app.
 */

const stamp = () => Date.now().toString(36);

// 12 metric lines (step + loss + a nested value), ordinary lines around them, one needle line, and a
// /data/metrics.jsonl of 3 epochs.
const TRAINER = `
import json
print("trainer starting", flush=True)
for step in range(1, 13):
    print(json.dumps({"step": step, "loss": round(1.0 / step, 4), "eval": {"acc": step / 12}}), flush=True)
    if step == 6:
        print("needle: halfway there", flush=True)
with open("/data/metrics.jsonl", "w") as f:
    for epoch in range(1, 4):
        f.write(json.dumps({"epoch": epoch, "val_loss": 1.0 / epoch}) + "\\n")
print("trainer done", flush=True)
`;

test("a job printing 12 JSON lines gets a chart named loss with 12 points; log search finds the needle and filters the other lines out; #L links open highlighted", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(120_000);
  const seeded = await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name: `charts-${stamp()}`, code: TRAINER });
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, seeded.id);
  await expect(job.stage).toHaveText("COMPLETED", { timeout: 60_000 });
  await expect(job.logs).toContainText("trainer done");

  // Charts: one per numeric key, x = step, the x key itself not charted.
  await expect(job.chart("loss")).toHaveAttribute("data-points", "12");
  await expect(job.chart("loss")).toContainText("12 points");
  await expect(job.chart("eval.acc")).toHaveAttribute("data-points", "12");
  await expect(job.chart("step")).toHaveCount(0);
  await expect(job.chart("loss").locator("canvas")).toBeVisible();
  // A /data/metrics.jsonl the job wrote is charted too, x = epoch.
  await expect(job.chart("metrics.jsonl: val_loss")).toHaveAttribute("data-points", "3");

  // Search: one matching line, counted; filtering leaves only it.
  await job.logSearch.fill("NEEDLE");
  await expect(job.logMatchCount).toHaveText("1 of 1 lines");
  await expect(job.logLines().filter({ hasText: "trainer starting" })).toHaveCount(1);
  await job.onlyMatchingLines.check();
  await expect(job.logLines()).toHaveCount(1);
  await expect(job.logLines()).toHaveText("needle: halfway there");
  await job.logSearch.fill("no such text anywhere");
  await expect(job.logMatchCount).toHaveText("No matches");
  await expect(job.logLines()).toHaveCount(0);
  await job.onlyMatchingLines.uncheck();
  await job.logSearch.fill("");
  await expect(job.logLines().filter({ hasText: "trainer starting" })).toHaveCount(1);

  // Timestamps: UTC shown next to each line when asked.
  await job.timestamps.selectOption("utc");
  await expect(job.logs).toContainText(/\d\d:\d\d:\d\d\.\d{3}/);
  await job.timestamps.selectOption("off");

  // Line link: clicking a line number puts #L{n} in the URL and highlights the line; opening the
  // URL again lands on the same line, highlighted.
  // (The local Hub prints a few lines of its own first: numbers are read, not assumed.)
  const needleAt = await job.lineNumberOf("needle: halfway there");
  const lastStepAt = await job.lineNumberOf('"step": 12');
  expect(lastStepAt).toBe(needleAt + 6);
  await job.lineLink(needleAt).click();
  await expect(page).toHaveURL(new RegExp(`#L${needleAt}$`));
  await expect(job.highlightedLine()).toContainText("needle: halfway there");
  await page.goto(`/jobs/${LOCAL_USER}/${seeded.id}#L${lastStepAt}`);
  await expect(job.highlightedLine()).toContainText('"step": 12');
  await expect(job.follow).toHaveText("Follow");
});

test("jump to the first error highlights the traceback line", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(120_000);
  const code = `
print("before the failure", flush=True)
raise ValueError("bad config value")
`;
  const seeded = await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name: `fails-${stamp()}`, code });
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, seeded.id);
  await expect(job.stage).toHaveText("ERROR", { timeout: 60_000 });
  await expect(job.logs).toContainText("bad config value");
  await job.jumpToFirstError.click();
  await expect(job.highlightedLine()).toContainText("Traceback (most recent call last)");
  const tracebackAt = await job.lineNumberOf("Traceback (most recent call last)");
  expect(tracebackAt).toBe((await job.lineNumberOf("before the failure")) + 1);
  await expect(page).toHaveURL(new RegExp(`#L${tracebackAt}$`));
});

test("dashboard filters, exact name and sort live in the URL: a reload keeps them", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(90_000);
  const name = `url-state-${stamp()}`;
  await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: 'print("hi")' });
  const dashboard = new JobsDashboardPage(page);
  await dashboard.goto();

  await dashboard.exactName.fill(name);
  await dashboard.findName.click();
  await expect(page).toHaveURL(new RegExp(`[?&]name=${name}(&|$)`));
  await expect(dashboard.table.getByTestId("job-row")).toHaveCount(1);
  await expect(dashboard.row(name)).toBeVisible();

  await dashboard.stageFilter.selectOption("COMPLETED");
  await dashboard.sort.selectOption("oldest");
  await expect(page).toHaveURL(/[?&]stage=COMPLETED(&|$)/);
  await expect(page).toHaveURL(/[?&]sort=oldest(&|$)/);
  await expect(dashboard.row(name)).toBeVisible({ timeout: 30_000 });

  await page.reload();
  await expect(dashboard.stageFilter).toHaveValue("COMPLETED");
  await expect(dashboard.sort).toHaveValue("oldest");
  await expect(dashboard.exactName).toHaveValue(name);
  await expect(dashboard.table.getByTestId("job-row")).toHaveCount(1);
  await expect(dashboard.row(name)).toBeVisible();
});

// Reads its config, writes a result that depends on it, prints one metric line.
const CONFIGURED = `
import json, pathlib
cfg = json.loads(pathlib.Path("/data/config.json").read_text())
pathlib.Path("/data/result.json").write_text(json.dumps({"lr": cfg["lr"], "score": cfg["lr"] * 10}))
for step in range(1, 4):
    print(json.dumps({"step": step, "loss": cfg["lr"] / step}), flush=True)
`;

test("compare two runs of the same script with a changed config: the diff shows the config change and the changed output", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(150_000);
  const name = `compare-${stamp()}`;
  const seed = (lr: string) => seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: CONFIGURED, inputs: { "config.json": `{"lr": ${lr}}\n` } });
  const first = await seed("0.1");
  const second = await seed("0.01");
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, first.id);
  await expect(job.stage).toHaveText("COMPLETED", { timeout: 60_000 });
  await job.goto(LOCAL_USER, second.id);
  await expect(job.stage).toHaveText("COMPLETED", { timeout: 60_000 });

  // From the job page: no original, so pick another run of the same name.
  await page.getByRole("link", { name: "Compare with another run" }).click();
  const compare = new ComparePage(page);
  await expect(compare.heading).toBeVisible();
  await compare.picker.getByRole("link", { name: first.id.slice(0, 12) }).click();
  await expect(page).toHaveURL(new RegExp(`ids=${second.id},${first.id}$`));

  await expect(compare.fileRow("config.json")).toHaveAttribute("data-differs", "true");
  await expect(compare.fileRow("config.json")).toContainText("input");
  await expect(compare.fileRow("config.json")).toContainText("changed");
  await expect(compare.textDiff("config.json")).toContainText('- {"lr": 0.01}');
  await expect(compare.textDiff("config.json")).toContainText('+ {"lr": 0.1}');
  await expect(compare.fileRow("result.json")).toContainText("output");
  await expect(compare.fileRow("result.json")).toContainText("changed");
  // The same spec: image and command do not differ.
  await expect(compare.specRow("Command")).toHaveAttribute("data-differs", "false");
  // Printed metrics overlaid: one chart of loss with both runs.
  await expect(compare.metrics.getByRole("figure", { name: "loss", exact: true })).toContainText("2 runs");
});

test("a followed job that ends badges the background tab's title and, when opted in, sends a browser notification", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(120_000);
  // Record notifications instead of showing them (headless Chromium has no notification centre).
  await page.context().grantPermissions(["notifications"]);
  await page.addInitScript({
    content: `(() => {
      window.__notes = [];
      class RecordingNotification { constructor(title, options) { window.__notes.push({ title, body: options && options.body }); } }
      RecordingNotification.permission = "granted";
      RecordingNotification.requestPermission = async () => "granted";
      window.Notification = RecordingNotification;
    })()`,
  });
  const seeded = await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name: `notify-${stamp()}`, code: "import time\ntime.sleep(6)\nprint('done')" });
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, seeded.id);
  await page.getByRole("button", { name: "Notify me when it ends" }).click();
  await expect(page.getByRole("button", { name: "Notifying when it ends" })).toBeVisible();
  const title = await page.title();
  await page.evaluate(`(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  })()`);
  await expect(page).toHaveTitle(`✓ COMPLETED · ${title}`, { timeout: 60_000 });
  expect(await page.evaluate("window.__notes")).toEqual([expect.objectContaining({ title: expect.stringContaining("Job completed: notify-") })]);
  await page.evaluate(`(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  })()`);
  await expect(page).toHaveTitle(title);
});
