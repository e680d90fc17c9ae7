import type { Route } from "@playwright/test";
import { expect, LOCAL_USER, test } from "./fixtures";
import { ComposerPage } from "./pages/composer.page";
import { JobPage } from "./pages/jobs.page";

/**
 * Click → job (issue 15, item 4): after "Run now" the job page shows the created job — its id and
 * status — from the launch answer, without waiting for the job route's server payload or another read
 * of the job; then it is the normal job page, and reload, back and forward work on its URL.
 *
 * To prove "without waiting", the job route's RSC request and the job's own GET are held back until
 * the job is on screen; the old flow (navigate, then render) could not show it while they are held.
 */

const SCRIPT = `import time\nprint("handoff job started", flush=True)\ntime.sleep(3)\nprint("handoff job done", flush=True)\n`;

/** A gate: requests matching `match` wait until `open()`; `held` counts them. */
function gate(match: (url: URL, route: Route) => boolean) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const state = { held: 0, open: () => open() };
  return {
    state,
    handler: async (route: Route) => {
      if (!match(new URL(route.request().url()), route)) return route.fallback();
      state.held += 1;
      await opened;
      await route.fallback();
    },
  };
}

test("Run now shows the job's id and status at once, then the normal job page; reload, back and forward work", async ({ signedInPage: page }) => {
  test.setTimeout(120_000);
  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles([{ name: "handoff.py", mimeType: "text/x-python", buffer: Buffer.from(SCRIPT) }]);
  await composer.jobName.fill("handoff-e2e");

  const jobPath = /^\/jobs\/[^/]+\/[0-9a-f]{24}$/;
  // The job route's server payload (a client navigation asks for it with the `RSC: 1` header) …
  const rsc = gate((url, route) => jobPath.test(url.pathname) && route.request().headers()["rsc"] === "1");
  // … and any read of the job itself.
  const read = gate((url, route) => /^\/api\/jobs\/[^/]+\/[0-9a-f]{24}$/.test(url.pathname) && route.request().method() === "GET");
  await page.route(() => true, rsc.handler);
  await page.route(() => true, read.handler);

  await composer.runNow.click();
  // The address bar has the job's URL, and the job view is there while both are held.
  await page.waitForURL((url) => jobPath.test(url.pathname));
  const jobId = new JobPage(page).id();
  const job = new JobPage(page);
  await expect(page.getByRole("heading", { name: "handoff-e2e", level: 1 })).toBeVisible();
  await expect(page.getByText(jobId, { exact: true })).toBeVisible();
  await expect(job.stage).toHaveText(/^[A-Z]+$/);
  expect(rsc.state.held, "the job route's payload was asked for and held").toBeGreaterThan(0);

  // Released: the route takes over (its metadata sets the title) and it is the normal job page.
  rsc.state.open();
  read.state.open();
  await expect(page).toHaveTitle(`Job ${jobId} · jobs-studio`);
  await expect(page.getByText(jobId, { exact: true })).toBeVisible();
  await expect(job.logs).toContainText("handoff job started", { timeout: 60_000 });
  await expect(job.stage).toHaveText("COMPLETED", { timeout: 60_000 });
  await expect(job.spec).toContainText(`bucket:${LOCAL_USER}/jobs-artifacts/`);
  await expect(job.fileRow("handoff.py")).toHaveAttribute("data-origin", "input", { timeout: 30_000 });

  // Reload: the same job page from its URL.
  await page.reload();
  await expect(page.getByText(jobId, { exact: true })).toBeVisible();
  await expect(job.stage).toHaveText("COMPLETED");

  // Back: the composer; forward: the job again.
  await page.goBack();
  await expect(page.getByRole("heading", { name: "New job" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/");
  await page.goForward();
  await expect(page.getByText(jobId, { exact: true })).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname.endsWith(`/${jobId}`));
  await expect(job.stage).toHaveText("COMPLETED");
});
