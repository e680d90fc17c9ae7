import type { Locator, Page } from "@playwright/test";

/** Page object of the compare page (`/jobs/{ns}/compare?ids=…`). */
export class ComparePage {
  readonly heading: Locator;
  readonly spec: Locator;
  readonly files: Locator;
  readonly metrics: Locator;
  readonly picker: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Compare runs" });
    this.spec = page.getByRole("table", { name: "Spec differences" });
    this.files = page.getByRole("table", { name: "File differences" });
    this.metrics = page.getByRole("region", { name: "Printed metrics" });
    this.picker = page.getByRole("region", { name: "Pick a run to compare with" });
  }

  /** The row of a file (path relative to the run folders). */
  fileRow(path: string): Locator {
    return this.files.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: path, exact: true }) });
  }

  /** The line diff shown under a changed text input. */
  textDiff(path: string): Locator {
    return this.page.getByLabel(`Changes in ${path}`);
  }

  /** A spec row by field name. */
  specRow(field: string): Locator {
    return this.spec.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: field }) });
  }
}
