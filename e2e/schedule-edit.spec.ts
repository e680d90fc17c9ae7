import { expect, HUB_URL, LOCAL_USER, test } from "./fixtures";
import { ComposerPage } from "./pages/composer.page";
import { seedPythonJob, seedScheduledJob } from "./pages/hub-jobs.page";
import { JobPage } from "./pages/jobs.page";
import { ScheduleDetailPage, SchedulesPage } from "./pages/schedules.page";

/**
 * Issue 13, Deliver 6 and the last point of 7, as a user drives them against the local Hub: edit a
 * schedule (the Hub has no update: a new schedule replaces the old), a schedule in a time zone, per-run
 * output folders, and Duplicate asking first with the worst-case cost. What the Hub got is read back
 * from its API, not from the UI.
 */

async function hubGet(token: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${HUB_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: res.ok ? await res.json() : null };
}

async function hubRun(token: string, scheduledJobId: string): Promise<string> {
  const res = await fetch(`${HUB_URL}/api/scheduled-jobs/${LOCAL_USER}/${scheduledJobId}/run`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

type HubScheduled = { schedule: string; jobSpec: { labels: Record<string, string>; command: string[] } };

test("edit a schedule: the new one has the new cron in a time zone, the old one is gone, its runs stay listed", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(120_000);
  const name = `edit-${Date.now().toString(36)}`;
  const oldId = await seedScheduledJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: "print('before the edit', flush=True)" });
  const runId = await hubRun(hubToken, oldId);

  const detail = new ScheduleDetailPage(page);
  await detail.goto(LOCAL_USER, oldId);
  await expect(detail.runs.getByTestId("run-row").filter({ hasText: runId })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Edit schedule" }).click();
  const form = page.getByRole("form", { name: "Edit schedule" });
  await expect(form).toContainText(`Saving creates a new schedule with these settings and the same job, then deletes this one (${oldId})`);
  await form.getByLabel("Cron schedule (UTC)").fill("0 6 * * 1");
  await form.getByLabel("Time zone").selectOption("Asia/Tokyo");
  // Tokyo is UTC+9 all year: Monday 06:00 there is Sunday 21:00 UTC, and no DST warning
  await expect(form.getByTestId("zoned-cron")).toContainText("0 21 * * 0");
  await expect(form.getByRole("note")).toHaveCount(0);
  await form.getByRole("button", { name: "Save as new schedule" }).click();

  await page.waitForURL(new RegExp(`/scheduled-jobs/${LOCAL_USER}/[0-9a-f]+\\?replaced=${oldId}$`), { timeout: 30_000 });
  const newId = new URL(page.url()).pathname.split("/").pop() ?? "";
  expect(newId).not.toBe(oldId);
  await expect(page.getByRole("status").filter({ hasText: "Schedule edited" })).toContainText(`the old one (${oldId}) deleted`);

  // The Hub: the old schedule is gone, the new one runs the UTC cron, remembers the zone and what it replaced
  expect((await hubGet(hubToken, `/api/scheduled-jobs/${LOCAL_USER}/${oldId}`)).status).toBe(404);
  const fresh = await hubGet(hubToken, `/api/scheduled-jobs/${LOCAL_USER}/${newId}`);
  const sj = fresh.body as HubScheduled;
  expect(sj.schedule).toBe("0 21 * * 0");
  expect(sj.jobSpec.labels).toMatchObject({ name, "jobs-studio.replaces": oldId, "jobs-studio.lineage": oldId, "jobs-studio.tz": "Asia.Tokyo" });
  expect(sj.jobSpec.command).toEqual(["python3", "-u", "-c", "print('before the edit', flush=True)"]);

  // The page shows the zone and the UTC cron, and the run of the replaced schedule
  await expect(page.getByTestId("schedule-zone")).toHaveText("0 6 * * 1 in Asia/Tokyo");
  await expect(page.getByTestId("schedule-utc")).toContainText("UTC (what the Hub runs): 0 21 * * 0");
  await expect(page.getByTestId("next-run")).toContainText("(Asia/Tokyo)");
  await expect(page.getByTestId("next-run")).toContainText("UTC");
  const oldRun = detail.runs.getByTestId("run-row").filter({ hasText: runId });
  await expect(oldRun).toContainText(`from replaced schedule ${oldId}`);

  // A run of the new schedule is listed beside it
  const newRun = await hubRun(hubToken, newId);
  await expect(detail.runs.getByTestId("run-row").filter({ hasText: newRun })).toBeVisible({ timeout: 30_000 });
  await expect(detail.runs.getByTestId("run-row")).toHaveCount(2);

  // The list shows one schedule of that name, with its zone and its UTC cron
  const list = new SchedulesPage(page);
  await list.goto();
  await expect(list.row(name)).toHaveCount(1);
  await expect(list.row(name)).toContainText("0 6 * * 1 in Asia/Tokyo");
  await expect(list.row(name)).toContainText("0 21 * * 0");
});

test("per-run outputs: a schedule from the composer gives each run its own folder, listed per run", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(180_000);
  const name = `perrun-${Date.now().toString(36)}`;
  const composer = new ComposerPage(page);
  await composer.goto();
  const script = 'import os, pathlib\npathlib.Path(os.environ["OUTPUT_DIR"], "result.txt").write_text("run " + os.environ["JOB_ID"])\nprint("cwd", os.getcwd(), flush=True)\n';
  await composer.dropFiles([{ name: "perrun.py", mimeType: "text/x-python", buffer: Buffer.from(script) }]);
  await composer.jobName.fill(name);
  await composer.chooseSchedule();
  await composer.cron.fill("0 12 29 2 *");
  await expect(page.getByRole("checkbox", { name: /Per-run output folders/ })).toBeChecked();
  await composer.createSchedule.click();
  await page.waitForURL(/\/scheduled-jobs\/[^/]+\/[0-9a-f]+$/, { timeout: 60_000 });
  const id = new URL(page.url()).pathname.split("/").pop() ?? "";
  const sj = (await hubGet(hubToken, `/api/scheduled-jobs/${LOCAL_USER}/${id}`)).body as HubScheduled;
  expect(sj.jobSpec.command.at(-1)).toBe("/data/jobs-studio-run.py");

  const detail = new ScheduleDetailPage(page);
  const runs: string[] = [];
  for (let i = 0; i < 2; i++) {
    const run = await hubRun(hubToken, id);
    runs.push(run);
    const row = detail.runs.getByTestId("run-row").filter({ hasText: run });
    await expect(row.getByTestId("stage")).toHaveText("COMPLETED", { timeout: 60_000 });
  }
  for (const run of runs) {
    const outputs = page.getByRole("region", { name: `Outputs of ${run}` });
    await expect(outputs).toContainText(`/data/runs/${run}/`);
    await expect(outputs.getByRole("link", { name: "result.txt" })).toBeVisible({ timeout: 30_000 });
    await expect(outputs.getByRole("link", { name: "folder on the Hub" })).toHaveAttribute("href", new RegExp(`/runs/${run}`));
  }
});

test("Duplicate asks first with the worst-case cost, and launches only on confirm", async ({ signedInPage: page, hubToken }) => {
  test.setTimeout(90_000);
  const name = `dupcost-${Date.now().toString(36)}`;
  const seeded = await seedPythonJob({ hubUrl: HUB_URL, accessToken: hubToken, namespace: LOCAL_USER, name, code: "print('dup', flush=True)" });
  const count = async () => ((await hubGet(hubToken, `/api/jobs/${LOCAL_USER}`)).body as { labels?: Record<string, string> }[]).filter((j) => j.labels?.name === name).length;
  const job = new JobPage(page);
  await job.goto(LOCAL_USER, seeded.id);
  await expect(job.stage).toHaveText("COMPLETED", { timeout: 30_000 });
  expect(await count()).toBe(1);

  await job.duplicate.click();
  await expect(job.duplicateDialog).toBeVisible();
  // seeded with timeoutSeconds 600 on cpu-basic
  await expect(job.duplicateDialog.getByTestId("duplicate-cost")).toHaveText(/^At most \$[0-9.]+: cpu-basic at \$[0-9.]+\/h × timeout 10m 00s\.$/);
  await page.keyboard.press("Escape");
  await expect(job.duplicateDialog).toBeHidden();
  expect(await count()).toBe(1);

  await job.duplicate.click();
  await job.duplicateDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(job.duplicateDialog).toBeHidden();
  expect(await count()).toBe(1);

  // Keyboard: the confirm button, Enter
  await job.duplicate.click();
  await expect(job.confirmDuplicate).toBeVisible();
  await job.confirmDuplicate.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => /\/jobs\/[^/]+\/[0-9a-f]+$/.test(url.pathname) && !url.pathname.endsWith(seeded.id));
  expect(await count()).toBe(2);
});
