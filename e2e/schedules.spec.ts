import { mkdirSync } from "node:fs";
import { expect, HUB_URL, LOCAL_USER, test } from "./fixtures";
import { seedScheduledJob } from "./pages/hub-jobs.page";
import { ScheduleDetailPage, SchedulesPage } from "./pages/schedules.page";

/**
 * Schedules, against the app in local mode: a scheduled job created directly in the local Hub
 * (yearly on Feb 29, so only "Run now" starts it during the test), then run now, suspended, resumed
 * and deleted through the UI. Screenshots go to test-results/screenshots/.
 */

const SHOTS = "test-results/screenshots";
mkdirSync(SHOTS, { recursive: true });

test("schedule page: see it in words and cron, run it now, suspend and resume it, delete it", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(120_000);
  const name = `nightly-${Date.now().toString(36)}`;
  const id = await seedScheduledJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: "print('scheduled run says hi', flush=True)" });

  const list = new SchedulesPage(page);
  await list.goto();
  await expect(list.row(name)).toContainText("0 12 29 2 *");
  await expect(list.row(name)).toContainText("active");
  await page.screenshot({ path: `${SHOTS}/schedules-list.png`, fullPage: true });

  const detail = await list.open(name);
  expect(page.url()).toContain(`/scheduled-jobs/${LOCAL_USER}/${id}`);
  await expect(page.getByText("0 12 29 2 *").first()).toBeVisible();
  await expect(detail.nextRun).not.toHaveText("—");
  await expect(detail.runs).toContainText("No runs yet");

  await detail.runNow.click();
  await expect(page.getByRole("status").filter({ hasText: "Started" })).toBeVisible({ timeout: 30_000 });
  const run = detail.runs.getByTestId("run-row").first();
  await expect(run).toBeVisible({ timeout: 30_000 });
  await expect(run.getByTestId("stage")).toHaveText("COMPLETED", { timeout: 45_000 });
  await page.screenshot({ path: `${SHOTS}/schedule-page-ran.png`, fullPage: true });

  // The run's page shows what it printed, and links back to its schedule.
  await run.getByRole("link").click();
  await expect(page.getByRole("log", { name: "Job logs" })).toContainText("scheduled run says hi", { timeout: 30_000 });
  await page.getByRole("link", { name: "schedule", exact: true }).click();
  await page.waitForURL(new RegExp(`/scheduled-jobs/${LOCAL_USER}/${id}$`));

  const again = new ScheduleDetailPage(page);
  await again.suspend.click();
  await expect(page.getByText("suspended", { exact: true })).toBeVisible();
  await expect(again.nextRun).toHaveText("— (suspended)");
  await expect(again.resume).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/schedule-page-suspended.png`, fullPage: true });

  await again.resume.click();
  await expect(again.suspend).toBeVisible();

  await again.confirmDelete();
  await page.waitForURL(/\/scheduled-jobs\?ns=/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
});

test("the former /scheduled URLs redirect permanently to /scheduled-jobs, path and query kept", async ({ signedInPage: page }) => {
  const list = await page.request.get(`/scheduled?ns=${LOCAL_USER}`, { maxRedirects: 0 });
  expect(list.status()).toBe(308);
  expect(list.headers().location).toBe(`/scheduled-jobs?ns=${LOCAL_USER}`);
  const one = await page.request.get(`/scheduled/${LOCAL_USER}/0123456789abcdef01234567`, { maxRedirects: 0 });
  expect(one.status()).toBe(308);
  expect(one.headers().location).toBe(`/scheduled-jobs/${LOCAL_USER}/0123456789abcdef01234567`);
});
