import { HUB_URL, LOCAL_USER, expect, readHubToken, signInByToken, test, testControlHeaders } from "./fixtures";
import { ComposerPage } from "./pages/composer.page";
import { JobsDashboardPage } from "./pages/jobs.page";
import { SignInPage } from "./pages/sign-in.page";

/**
 * Issue 11 in the browser: redirects stay on the site, a cookie copied before sign-out is refused
 * after it, a frozen Hub is reported as such within the Hub timeout, and a launch whose answer is lost
 * is one job.
 */

const HOSTILE_CALLBACKS = [
  "/\\127.0.0.1:9/x", "/\t/127.0.0.1:9/x", "//127.0.0.1:9/x", "https://127.0.0.1:9/x", "https:127.0.0.1:9/x",
  "/%09/127.0.0.1:9/x", "/%5C127.0.0.1:9/x", "/jobs\r\nX-Injected: 1", "/jobs\u0000",
];

test("a signed-in visit to /sign-in with a hostile callbackUrl stays on the site, never a 500", async ({ signedInPage: page, baseURL }) => {
  for (const callbackUrl of HOSTILE_CALLBACKS) {
    const res = await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect(res?.status() ?? 0, JSON.stringify(callbackUrl)).toBeLessThan(500);
    expect(new URL(page.url()).origin, JSON.stringify(callbackUrl)).toBe(new URL(baseURL ?? "").origin);
    expect(new URL(page.url()).pathname).toBe("/");
  }
});

test("signing in with a hostile callbackUrl lands on the app's home", async ({ page, baseURL }) => {
  const signIn = new SignInPage(page);
  await signIn.goto({ callbackUrl: "/\\127.0.0.1:9/x" });
  await signIn.signInWithToken(readHubToken());
  expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
  expect(new URL(page.url()).pathname).toBe("/");
});

test("a session cookie copied before sign-out is refused afterwards (401)", async ({ page }) => {
  await signInByToken(page, readHubToken(), "/sign-out");
  const copied = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const before = await page.request.get(`/api/jobs/${LOCAL_USER}`, { headers: { cookie: copied } });
  expect(before.status()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in\?signedOut=1$/);
  const replay = await page.request.get(`/api/jobs/${LOCAL_USER}`, { headers: { cookie: copied } });
  expect(replay.status()).toBe(401);
  expect(await replay.json()).toMatchObject({ error: { code: "unauthenticated" } });
});

test.describe("with a misbehaving Hub", () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${HUB_URL}/__test/faults`, { headers: testControlHeaders() });
  });

  test("a frozen Hub: the dashboard says the Hub is not answering", async ({ signedInPage: page, request }) => {
    test.setTimeout(90_000);
    const frozen = await request.post(`${HUB_URL}/__test/faults`, { data: { method: "GET", path: `/api/jobs/${LOCAL_USER}`, count: 100, kind: "freeze" }, headers: testControlHeaders() });
    expect(frozen.ok()).toBe(true);
    const dashboard = new JobsDashboardPage(page);
    await dashboard.goto();
    const alert = page.getByRole("alert").filter({ hasText: "Could not load jobs" });
    await expect(alert).toContainText("the Hub is not answering", { timeout: 45_000 });
  });

  test("a launch whose answer is lost is found by its launch key: the job page opens, one job exists", async ({ signedInPage: page, request }) => {
    const name = `lost-answer-${Date.now()}`;
    const fault = await request.post(`${HUB_URL}/__test/faults`, { data: { method: "POST", path: `/api/jobs/${LOCAL_USER}`, count: 1, kind: "drop-after" }, headers: testControlHeaders() });
    expect(fault.ok()).toBe(true);
    const composer = new ComposerPage(page);
    await composer.goto();
    await composer.dropFiles([{ name: "hello.py", mimeType: "text/x-python", buffer: Buffer.from("print('hello once')\n") }]);
    await composer.jobName.fill(name);
    await composer.runNow.click();
    await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+\?recovered=1$/, { timeout: 60_000 });
    await expect(page.getByRole("status").filter({ hasText: "found by its launch key" })).toBeVisible();
    const list = await request.get(`${HUB_URL}/api/jobs/${LOCAL_USER}?label=name=${name}`, { headers: { authorization: `Bearer ${readHubToken()}` } });
    const jobs = (await list.json()) as { id: string }[];
    expect(jobs.map((j) => j.id)).toEqual([new URL(page.url()).pathname.split("/").pop()]);
  });
});
