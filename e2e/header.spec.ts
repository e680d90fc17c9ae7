import type { Page } from "@playwright/test";
import { LOCAL_ORG, expect, test } from "./fixtures";

/**
 * The header every signed-in page shows. Its links are NavLinks (components/ui/nav-link.tsx, issue 15
 * item 5): a plain click or Enter moves between the areas without loading a new document, the current
 * area is marked, `?ns=` is kept, and a click with a modifier key is left to the browser (a new tab).
 * The namespace switcher moves the list to the namespace picked.
 */

/** A value set on `window` survives a client-side navigation and is gone after a document load. */
const setMarker = (page: Page) => page.evaluate(() => Object.assign(window, { headerMarker: 1 }));
const marker = (page: Page) => page.evaluate(() => (window as Window & { headerMarker?: number }).headerMarker ?? null);

test("the header's links navigate in place, mark the current area and keep the namespace; the switcher changes it", async ({ signedInPage: page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Compose" })).toHaveAttribute("aria-current", "page");
  await setMarker(page);

  await nav.getByRole("link", { name: "Jobs" }).click();
  await page.waitForURL(/\/jobs$/);
  await expect(nav.getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Compose" })).not.toHaveAttribute("aria-current", "page");
  expect(await marker(page)).toBe(1);

  await page.getByLabel("Namespace", { exact: true }).selectOption(LOCAL_ORG);
  await page.waitForURL(new RegExp(`/jobs\\?ns=${LOCAL_ORG}$`));

  // By keyboard: focus the link, Enter.
  await nav.getByRole("link", { name: "Schedules" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/scheduled-jobs\\?ns=${LOCAL_ORG}$`));
  await expect(nav.getByRole("link", { name: "Schedules" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Namespace", { exact: true })).toHaveValue(LOCAL_ORG);
  expect(await marker(page)).toBe(1);

  // A click with Ctrl/Cmd opens a new tab and leaves this one where it is.
  const opened = page.context().waitForEvent("page");
  await nav.getByRole("link", { name: "Jobs" }).click({ modifiers: ["ControlOrMeta"] });
  const tab = await opened;
  await tab.waitForURL(new RegExp(`/jobs\\?ns=${LOCAL_ORG}$`));
  await tab.close();
  await expect(page).toHaveURL(new RegExp(`/scheduled-jobs\\?ns=${LOCAL_ORG}$`));

  // The brand goes back to the composer, whose URL names no namespace: the switcher still shows the
  // one chosen above (the layout's own pick is the first page load's).
  await page.getByRole("link", { name: "jobs-studio" }).click();
  await expect(page.getByRole("heading", { name: "New job" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Compose" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Namespace", { exact: true })).toHaveValue(LOCAL_ORG);
  expect(await marker(page)).toBe(1);
});
