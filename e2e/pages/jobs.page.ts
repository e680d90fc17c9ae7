import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of the jobs dashboard (`/jobs`). */
export class JobsDashboardPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly stageFilter: Locator;
  readonly nameFilter: Locator;
  readonly exactName: Locator;
  readonly findName: Locator;
  readonly sort: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: /^Jobs/ });
    this.table = page.getByRole("table", { name: "Jobs" });
    this.stageFilter = page.getByLabel("Stage");
    this.nameFilter = page.getByLabel("Name contains");
    this.exactName = page.getByLabel("Exact name (all pages)");
    this.findName = page.getByRole("button", { name: "Find name" });
    this.sort = page.getByLabel("Sort");
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
  /** charts of the metrics the job printed (JSON lines) */
  readonly charts: Locator;
  readonly logSearch: Locator;
  readonly logMatchCount: Locator;
  readonly onlyMatchingLines: Locator;
  readonly wrapLines: Locator;
  readonly timestamps: Locator;
  readonly jumpToFirstError: Locator;
  readonly spec: Locator;
  readonly cancel: Locator;
  readonly duplicate: Locator;
  readonly duplicateDialog: Locator;
  readonly confirmDuplicate: Locator;
  readonly editAndRerun: Locator;
  readonly follow: Locator;
  readonly downloadLogs: Locator;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId("stage").first();
    this.logs = page.getByRole("log", { name: "Job logs" });
    this.outputs = page.getByRole("region", { name: "Outputs" });
    this.metrics = page.getByRole("region", { name: "Metrics", exact: true });
    this.charts = page.getByRole("region", { name: "Charts", exact: true });
    this.logSearch = page.getByRole("searchbox", { name: "Search logs" });
    this.logMatchCount = page.getByTestId("log-match-count");
    this.onlyMatchingLines = page.getByRole("checkbox", { name: "Only matching lines" });
    this.wrapLines = page.getByRole("checkbox", { name: "Wrap lines" });
    this.timestamps = page.getByLabel("Timestamps");
    this.jumpToFirstError = page.getByRole("button", { name: "Jump to first error" });
    this.spec = page.getByRole("region", { name: "Spec" });
    this.cancel = page.getByRole("button", { name: /^(Cancel|Cancelling…|Cancel again)$/ });
    this.duplicate = page.getByRole("button", { name: "Duplicate" });
    this.duplicateDialog = page.getByRole("dialog", { name: "Duplicate this job?" });
    this.confirmDuplicate = this.duplicateDialog.getByRole("button", { name: "Duplicate" });
    this.editAndRerun = page.getByRole("link", { name: "Edit and re-run" });
    this.follow = page.getByRole("button", { name: /^Follow(ing)?$/ });
    this.downloadLogs = page.getByRole("button", { name: "Download logs" });
  }

  async goto(namespace: string, id: string): Promise<void> {
    await this.page.goto(`/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`);
    await expect(this.stage).toBeVisible();
  }

  /** A chart of a printed metric, by its key (a `figure` named for it). */
  chart(key: string): Locator {
    return this.charts.getByRole("figure", { name: key, exact: true });
  }

  /** The shown log lines (only those rendered by the virtualized view). */
  logLines(): Locator {
    return this.logs.getByTestId("log-line");
  }

  /** The log line number (1-based, as in `#L{n}`) of the first shown line containing `text`. */
  async lineNumberOf(text: string): Promise<number> {
    const row = this.logs.locator("[data-line]").filter({ hasText: text }).first();
    await expect(row).toBeVisible();
    return Number(await row.getAttribute("data-line"));
  }

  /** The highlighted log line (from `#L…`, a click on its number or the error jump). */
  highlightedLine(): Locator {
    return this.logs.locator('[aria-current="true"]');
  }

  /** The link of a log line number (`#L{n}`). */
  lineLink(n: number): Locator {
    return this.logs.getByRole("link", { name: `Line ${n}`, exact: true });
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
