import { expect, type Locator, type Page } from "@playwright/test";

/** A file handed to the drop zone's input, as Playwright's setInputFiles takes it. */
export interface DropFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * Page object of the composer (`/`): role and label locators only, except the drop zone's hidden
 * file input (reached by its test id as specs/stack.md §7 recommends).
 */
export class ComposerPage {
  readonly dropZone: Locator;
  readonly fileList: Locator;
  readonly entryScript: Locator;
  readonly args: Locator;
  readonly dependencies: Locator;
  readonly timeout: Locator;
  readonly hardware: Locator;
  readonly jobName: Locator;
  readonly namespace: Locator;
  readonly preview: Locator;
  readonly argv: Locator;
  readonly runNow: Locator;
  readonly createSchedule: Locator;
  readonly cron: Locator;
  readonly cronPreview: Locator;
  readonly cronError: Locator;
  readonly progress: Locator;
  readonly launchError: Locator;

  constructor(readonly page: Page) {
    this.dropZone = page.getByRole("button", { name: /Drop files or folders here/ });
    this.fileList = page.getByRole("list", { name: "Dropped files" });
    this.entryScript = page.getByLabel("Entry script");
    this.args = page.getByLabel("Arguments", { exact: true });
    this.dependencies = page.getByLabel("Dependencies", { exact: true });
    this.timeout = page.getByLabel("Timeout", { exact: true });
    this.hardware = page.getByLabel("Hardware", { exact: true });
    this.jobName = page.getByLabel("Job name");
    this.namespace = page.getByLabel("Run in namespace");
    this.preview = page.getByTestId("spec-preview");
    this.argv = page.getByRole("list", { name: "Command arguments" });
    this.runNow = page.getByRole("button", { name: "Run now", exact: true });
    this.createSchedule = page.getByRole("button", { name: "Create schedule", exact: true });
    this.cron = page.getByLabel("Cron schedule (UTC)");
    this.cronPreview = page.getByTestId("cron-preview");
    this.cronError = page.getByTestId("cron-error");
    this.progress = page.getByRole("progressbar", { name: "Launch progress" });
    this.launchError = page.getByTestId("launch-error");
  }

  /**
   * Opens the composer and waits until it is interactive: the hardware picker is disabled while the
   * server-rendered page waits for hydration and the hardware list, so "enabled" means both are done.
   */
  async goto(): Promise<void> {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { name: "New job" })).toBeVisible();
    await expect(this.hardware).toBeEnabled();
  }

  /** Drops files through the drop zone's file input (the path the picker takes; a drop reads them the same way). */
  async dropFiles(files: DropFile[]): Promise<void> {
    await this.page.getByTestId("dropzone-input").setInputFiles(files);
    for (const f of files) await expect(this.fileRow(f.name)).toBeVisible();
  }

  fileRow(path: string): Locator {
    return this.fileList.getByRole("listitem").filter({ has: this.page.getByText(path, { exact: true }) });
  }

  /** The argv as the preview lists it. */
  async argvItems(): Promise<string[]> {
    return this.argv.getByRole("listitem").allInnerTexts();
  }

  /** Adds a secret row and types `value` (a textarea: newlines are kept); leaving the field seals it. */
  async addSecret(name: string, value: string): Promise<void> {
    const rows = this.page.getByLabel(/^Secret \d+ name$/);
    const n = (await rows.count()) + 1;
    await this.page.getByRole("button", { name: "+ Add secret" }).click();
    await this.page.getByLabel(`Secret ${n} name`, { exact: true }).fill(name);
    await this.page.getByLabel(`Secret ${n} value`, { exact: true }).fill(value);
    await this.page.getByLabel(`Secret ${n} name`, { exact: true }).focus();
    await expect(this.page.getByLabel(`Secret ${name} value hidden`)).toBeVisible();
  }

  /** Pastes `.env` lines into the secrets' "Paste .env" box and adds them as rows. */
  async pasteSecretsDotenv(text: string): Promise<void> {
    const secrets = this.page.getByRole("group", { name: "Secrets" });
    await secrets.getByRole("button", { name: "Paste .env" }).click();
    await this.page.getByLabel("Secrets as .env lines").fill(text);
    await secrets.getByRole("button", { name: "Add these rows" }).click();
  }

  async chooseSchedule(): Promise<void> {
    await this.page.getByRole("radio", { name: "Schedule" }).check({ force: true });
    await expect(this.cron).toBeVisible();
  }
}
