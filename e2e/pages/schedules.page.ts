import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of the schedules list (`/scheduled-jobs`). */
export class SchedulesPage {
  readonly heading: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: /^Schedules/ });
    this.table = page.getByRole("table", { name: "Schedules" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/scheduled-jobs");
    await expect(this.heading).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async open(name: string): Promise<ScheduleDetailPage> {
    await this.row(name).getByRole("link", { name, exact: true }).click();
    await this.page.waitForURL(/\/scheduled-jobs\/[^/]+\/[0-9a-f]+$/);
    return new ScheduleDetailPage(this.page);
  }
}

/** Page object of one schedule (`/scheduled-jobs/{ns}/{id}`). */
export class ScheduleDetailPage {
  readonly runNow: Locator;
  readonly suspend: Locator;
  readonly resume: Locator;
  readonly remove: Locator;
  readonly runs: Locator;
  readonly nextRun: Locator;

  constructor(readonly page: Page) {
    this.runNow = page.getByRole("button", { name: "Run now" });
    this.suspend = page.getByRole("button", { name: "Suspend" });
    this.resume = page.getByRole("button", { name: "Resume" });
    this.remove = page.getByRole("button", { name: "Delete" });
    this.runs = page.getByRole("region", { name: "Runs" });
    this.nextRun = page.getByTestId("next-run");
  }

  async goto(namespace: string, id: string): Promise<void> {
    await this.page.goto(`/scheduled-jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`);
    await expect(this.runNow).toBeVisible();
  }

  async confirmDelete(): Promise<void> {
    await this.remove.click();
    const dialog = this.page.getByRole("dialog", { name: "Delete this schedule?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete schedule" }).click();
  }
}
