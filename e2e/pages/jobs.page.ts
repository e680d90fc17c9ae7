import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of the jobs dashboard (`/jobs`). */
export class JobsDashboardPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly stageFilter: Locator;
  readonly nameFilter: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: /^Jobs/ });
    this.table = page.getByRole("table", { name: "Jobs" });
    this.stageFilter = page.getByLabel("Stage");
    this.nameFilter = page.getByLabel("Name contains");
  }

  async goto(namespace?: string): Promise<void> {
    await this.page.goto(namespace ? `/jobs?ns=${encodeURIComponent(namespace)}` : "/jobs");
    await expect(this.heading).toBeVisible();
  }

  /** The row of a job, found by its name link. */
  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async open(name: string): Promise<JobPage> {
    await this.row(name).getByRole("link", { name, exact: true }).click();
    await this.page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+$/);
    return new JobPage(this.page);
  }
}

/** Page object of a job page (`/jobs/{ns}/{id}`). */
export class JobPage {
  readonly stage: Locator;
  readonly logs: Locator;
  readonly outputs: Locator;
  readonly metrics: Locator;
  readonly spec: Locator;
  readonly cancel: Locator;
  readonly duplicate: Locator;
  readonly editAndRerun: Locator;
  readonly follow: Locator;
  readonly downloadLogs: Locator;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId("stage").first();
    this.logs = page.getByRole("log", { name: "Job logs" });
    this.outputs = page.getByRole("region", { name: "Outputs" });
    this.metrics = page.getByRole("region", { name: "Metrics" });
    this.spec = page.getByRole("region", { name: "Spec" });
    this.cancel = page.getByRole("button", { name: /^(Cancel|Cancelling…|Cancel again)$/ });
    this.duplicate = page.getByRole("button", { name: "Duplicate" });
    this.editAndRerun = page.getByRole("link", { name: "Edit and re-run" });
    this.follow = page.getByRole("button", { name: /^Follow(ing)?$/ });
    this.downloadLogs = page.getByRole("button", { name: "Download logs" });
  }

  async goto(namespace: string, id: string): Promise<void> {
    await this.page.goto(`/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`);
    await expect(this.stage).toBeVisible();
  }

  /** The job id from the URL. */
  id(): string {
    return new URL(this.page.url()).pathname.split("/").pop() ?? "";
  }

  /** A row of the Outputs table by file or folder name. */
  fileRow(name: string): Locator {
    return this.outputs.getByTestId("file-row").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The Hub URL the "Copy folder link" button copies (also in its data attribute, for headless runs). */
  async folderShareUrl(): Promise<string> {
    const button = this.outputs.getByRole("button", { name: "Copy folder link" });
    await expect(button).toBeVisible();
    return (await button.getAttribute("data-copy-text")) ?? "";
  }

  async confirmCancel(): Promise<void> {
    await this.cancel.click();
    const dialog = this.page.getByRole("dialog", { name: "Cancel this job?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel job" }).click();
  }
}
