import { mkdirSync } from "node:fs";
import { expect, HUB_URL, LOCAL_USER, test } from "./fixtures";
import { seedPythonJob } from "./pages/hub-jobs.page";
import { JobPage, JobsDashboardPage } from "./pages/jobs.page";

/**
 * Tracking, as a new user meets it, against the app in local mode: jobs are created directly in the
 * local Hub with @huggingface/hub (a bucket folder with one input mounted at /data), then followed
 * through the dashboard and the job page. Screenshots go to test-results/screenshots/.
 */

const SHOTS = "test-results/screenshots";
mkdirSync(SHOTS, { recursive: true });

const stamp = () => Date.now().toString(36);

// Prints numbered lines (one with ANSI colour and one with markup that must stay text), writes two
// outputs, then pauses so the RUNNING stage is visible before COMPLETED.
const WORKER = `
import json, time, pathlib
print("worker starting", flush=True)
time.sleep(4)
for i in range(1, 6):
    print(f"step {i}/5", flush=True)
print("\\x1b[32mgreen ok\\x1b[0m <img src=x onerror=alert(1)>", flush=True)
pathlib.Path("/data/result.json").write_text(json.dumps({"loss": 0.25, "input": pathlib.Path("/data/input.txt").read_text().strip()}))
pathlib.Path("/data/table.csv").write_text("epoch,loss\\n1,0.5\\n2,0.25\\n")
time.sleep(2)
print("worker done", flush=True)
`;

test("a job goes RUNNING then COMPLETED; its lines are in the logs; outputs sit next to the input; the share link shows the same files", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(150_000);
  const name = `track-${stamp()}`;
  const seeded = await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: WORKER, labels: { suite: "e2e" } });

  const dashboard = new JobsDashboardPage(page);
  await dashboard.goto();
  await expect(dashboard.row(name)).toBeVisible();
  await expect(dashboard.row(name)).toContainText("cpu-basic");
  await expect(dashboard.row(name)).toContainText("suite=e2e");
  await page.screenshot({ path: `${SHOTS}/jobs-dashboard.png`, fullPage: true });

  // Name filter narrows the rows on screen.
  await dashboard.nameFilter.fill(name);
  await expect(dashboard.table.getByTestId("job-row")).toHaveCount(1);

  const job = await dashboard.open(name);
  expect(job.id()).toBe(seeded.id);
  await expect(job.stage).toHaveText("RUNNING", { timeout: 30_000 });
  await expect(job.logs).toContainText("worker starting", { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/job-page-running.png`, fullPage: true });

  await expect(job.stage).toHaveText("COMPLETED", { timeout: 60_000 });
  for (let i = 1; i <= 5; i++) await expect(job.logs).toContainText(`step ${i}/5`);
  await expect(job.logs).toContainText("worker done");
  // ANSI colour rendered, and the markup is shown as text (no <img> element was created).
  await expect(job.logs.getByText("green ok", { exact: false })).toBeVisible();
  await expect(job.logs).toContainText("<img src=x onerror=alert(1)>");
  await expect(job.logs.locator("img")).toHaveCount(0);
  // Each line once, even though the stream reconnects when the job ends.
  await expect(job.logs.getByText("step 3/5", { exact: true })).toHaveCount(1);

  // Spec: image and command from the Hub.
  await expect(job.spec).toContainText("python:3.12");
  await expect(job.spec).toContainText(`bucket:${LOCAL_USER}/jobs-artifacts/${seeded.folder}`);

  // Outputs: the input uploaded before the job, the files the job wrote after it started.
  await expect(job.fileRow("input.txt")).toHaveAttribute("data-origin", "input", { timeout: 30_000 });
  await expect(job.fileRow("result.json")).toHaveAttribute("data-origin", "output");
  await expect(job.fileRow("table.csv")).toHaveAttribute("data-origin", "output");
  await job.fileRow("result.json").getByRole("button", { name: "Preview result.json" }).click();
  await expect(job.outputs.getByTestId("file-preview")).toContainText('"loss": 0.25');
  await job.fileRow("table.csv").getByRole("button", { name: "Preview table.csv" }).click();
  await expect(job.outputs.getByRole("cell", { name: "0.25" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/job-page-completed.png`, fullPage: true });

  // The download goes through the app (the token never reaches the browser).
  const download = page.waitForEvent("download");
  await job.fileRow("result.json").getByRole("link", { name: "Download result.json" }).click();
  expect((await download).suggestedFilename()).toBe("result.json");

  // Share: the folder's stable Hub URL; opening it (signed in on the Hub) lists the same files.
  const shareUrl = await job.folderShareUrl();
  expect(shareUrl).toBe(`${HUB_URL}/buckets/${LOCAL_USER}/jobs-artifacts/tree/${seeded.folder}`);
  await page.goto(shareUrl);
  // A private bucket: the local Hub asks for a token first (anonymous visitors are refused, B26).
  await page.getByLabel("Hub token").fill(hubToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  for (const file of ["input.txt", "result.json", "table.csv"]) {
    await expect(page.getByRole("link", { name: file, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: `${SHOTS}/share-link-folder.png`, fullPage: true });
});

test("cancel a long-sleeping job: 'Cancelling…' until the Hub says CANCELED", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(90_000);
  const name = `sleeper-${stamp()}`;
  const seeded = await seedPythonJob({
    hubUrl: HUB_URL,
    accessToken: hubToken,
    namespace: LOCAL_USER,
    name,
    code: "import time\nprint('going to sleep', flush=True)\ntime.sleep(300)\nprint('woke up')",
  });
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, seeded.id);
  await expect(job.stage).toHaveText("RUNNING", { timeout: 30_000 });
  await expect(job.logs).toContainText("going to sleep", { timeout: 30_000 });
  await job.confirmCancel();
  await expect(job.stage).toHaveText("CANCELED", { timeout: 30_000 });
  await expect(job.cancel).toHaveCount(0);
  await expect(job.logs).not.toContainText("woke up");
  await page.screenshot({ path: `${SHOTS}/job-page-canceled.png`, fullPage: true });
});

test("duplicate a job: a new job with the same spec opens and runs", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(90_000);
  const name = `dup-${stamp()}`;
  const seeded = await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: "print('dup says hi', flush=True)" });
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, seeded.id);
  await expect(job.stage).toHaveText("COMPLETED", { timeout: 30_000 });
  await job.duplicate.click();
  await job.confirmDuplicate.click();
  await page.waitForURL((url) => /\/jobs\/[^/]+\/[0-9a-f]+$/.test(url.pathname) && !url.pathname.endsWith(seeded.id));
  const copy = new JobPage(page);
  expect(copy.id()).not.toBe(seeded.id);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(copy.stage).toHaveText("COMPLETED", { timeout: 45_000 });
  await expect(copy.logs).toContainText("dup says hi");
  await expect(page.getByRole("link", { name: `copy of ${seeded.id.slice(0, 8)}…` })).toHaveAttribute("href", `/jobs/${LOCAL_USER}/${seeded.id}`);
  // Its own folder (the original's outputs stay untouched), holding a copy of the original's input.
  await expect(copy.spec).toContainText(new RegExp(`bucket:${LOCAL_USER}/jobs-artifacts/\\d{8}T\\d{6}-[0-9a-f]{6} → /data`));
  await expect(copy.spec).not.toContainText(seeded.folder);
  await expect(copy.fileRow("input.txt")).toHaveAttribute("data-origin", "input", { timeout: 30_000 });
  await expect(copy.editAndRerun).toHaveAttribute("href", `/?from=${encodeURIComponent(`${LOCAL_USER}/${copy.id()}`)}`);
  await page.screenshot({ path: `${SHOTS}/job-page-duplicate.png`, fullPage: true });
});

test("the dashboard filters by stage and shows an empty state for an unknown label", async ({ signedInPage: page }) => {
  const dashboard = new JobsDashboardPage(page);
  await dashboard.goto();
  await dashboard.stageFilter.selectOption("CANCELED");
  // The previous rows stay on screen until the filtered page arrives: wait for only CANCELED ones.
  await expect(dashboard.table.getByTestId("stage").filter({ hasNotText: "CANCELED" })).toHaveCount(0);
  await expect(dashboard.table.getByTestId("stage").first()).toHaveText("CANCELED");
  await page.getByLabel("Labels (key=value, comma-separated)").fill("nobody=has-this");
  await page.getByRole("button", { name: "Apply labels" }).click();
  // Filters active: the empty state says no job matches them (not "No jobs yet", which means none at all).
  await expect(page.getByText("No job matches the filters")).toBeVisible();
  await expect(page.getByText("No jobs yet")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/jobs-dashboard-empty.png`, fullPage: true });
});

test("/jobs/{namespace} and /scheduled-jobs/{namespace} open that namespace's lists", async ({ signedInPage: page }) => {
  await page.goto(`/jobs/${LOCAL_USER}`);
  await page.waitForURL((u) => u.pathname === "/jobs" && u.searchParams.get("ns") === LOCAL_USER);
  await expect(new JobsDashboardPage(page).heading).toBeVisible();
  await page.goto(`/scheduled-jobs/${LOCAL_USER}`);
  await page.waitForURL((u) => u.pathname === "/scheduled-jobs" && u.searchParams.get("ns") === LOCAL_USER);
});

test("a job that does not exist says so, with nothing to retry", async ({ signedInPage: page }) => {
  const reads: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/jobs/local-user/000000000000000000000000") reads.push(r.url());
  });
  await page.goto("/jobs/local-user/000000000000000000000000");
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("Job not found");
  await expect(alert).toContainText("It may have been deleted, or the link is wrong.");
  await expect(alert.getByRole("button", { name: "Retry" })).toHaveCount(0);
  // A 404 ends the polling: the page does not keep asking for a job that is not there.
  const seen = reads.length;
  await page.waitForTimeout(5_000);
  expect(reads.length).toBe(seen);
});
