import { expect, test } from "@playwright/test";
import { ComposerPage } from "../e2e/pages/composer.page";
import { SignInPage } from "../e2e/pages/sign-in.page";

/**
 * Issue 16, item 4: the app as a Hugging Face Space (scripts/space-check.mjs runs the image's command
 * on port 7860 behind a TLS front whose host is SPACE_HOST, with only a Space's variables and
 * AUTH_SECRET; a local Hub is the OpenID provider). A visitor signs in through the Space's OAuth app,
 * launches a job and follows it on the job page; the session also works inside a cross-site iframe,
 * as the Space is shown on huggingface.co; another visitor shares nothing of it.
 */

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through \`npm run space:check\``);
  return v;
};
const SPACE_URL = env("SPACE_CHECK_URL");
const PARENT_URL = env("SPACE_CHECK_PARENT_URL");
const SCOPES = env("SPACE_CHECK_SCOPES").split(" ");
/** The local user's write token (the local Hub's `{dir}/token`), for token sign-in inside the frame. */
const HUB_TOKEN = env("SPACE_CHECK_HUB_TOKEN");
const LOCAL_USER = "local-user";

const SCRIPT = `import os
print("hello from the Space")
with open("/data/out.txt", "w") as f:
    f.write("written in the job\\n")
print("wrote", os.path.getsize("/data/out.txt"), "bytes")
`;

test("sign in through the Space's OAuth, launch, follow the job; inside the Hub's iframe too; nothing shared with another visitor", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2F$/);
  const signIn = new SignInPage(page);
  await signIn.oauthButton.click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  // The Hub's consent page lists what the Space's OAuth app may do: OAUTH_SCOPES, from the front matter.
  for (const scope of SCOPES) await expect(page.getByRole("listitem").filter({ hasText: scope }).first()).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  // Back on the Space's own origin (AUTH_URL = https://${SPACE_HOST}), signed in.
  await page.waitForURL((url) => url.origin === SPACE_URL && url.pathname === "/");
  await expect(page.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);

  // Cookies fit for huggingface.co's iframe: SameSite=None; Secure; HttpOnly, partitioned.
  const cookies = await page.context().cookies(SPACE_URL);
  expect(cookies.find((c) => c.name === "__Secure-authjs.session-token")).toMatchObject({ secure: true, sameSite: "None", httpOnly: true });
  expect(cookies.filter((c) => c.name.includes("authjs.") && !("partitionKey" in c && c.partitionKey)).map((c) => c.name)).toEqual([]);
  expect(cookies.filter((c) => c.name.includes("authjs.") && c.sameSite !== "None").map((c) => c.name)).toEqual([]);

  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles([{ name: "hello.py", mimeType: "text/x-python", buffer: Buffer.from(SCRIPT) }]);
  await expect(composer.entryScript).toHaveValue("hello.py");
  await composer.runNow.click();
  await page.waitForURL(new RegExp(`/jobs/${LOCAL_USER}/[0-9a-f]+`), { timeout: 60_000 });
  await expect(page.getByText("COMPLETED", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  const logs = page.getByRole("log");
  await expect(logs).toContainText("hello from the Space");
  await expect(logs).toContainText("wrote 19 bytes");
  const jobPath = new URL(page.url()).pathname;

  // The Space as huggingface.co shows it: in an iframe of a page on another site. Its cookies are
  // partitioned (CHIPS) under that site, so the frame has a session of its own: it starts signed out,
  // offers the OAuth sign-in in a new tab (the Hub's consent page refuses to be framed), and token
  // sign-in works inside it, back to the job page.
  const hubPage = await page.context().newPage();
  // What went wrong inside the frame, if anything, in the report.
  hubPage.on("pageerror", (err) => console.log(`[framed page error] ${err.message}`));
  hubPage.on("console", (msg) => {
    if (msg.type() === "error") console.log(`[framed console] ${msg.text()}`);
  });
  await hubPage.goto(`${PARENT_URL}/?src=${encodeURIComponent(jobPath)}`);
  const frame = hubPage.getByTitle("jobs-studio").contentFrame();
  await expect(frame.getByRole("heading", { name: "Sign in to jobs-studio" })).toBeVisible();
  const newTab = frame.getByRole("link", { name: "Sign in with Hugging Face in a new tab" });
  await expect(newTab).toHaveAttribute("target", "_blank");
  await expect(newTab).toHaveAttribute("href", `/sign-in?callbackUrl=${encodeURIComponent(jobPath)}`);
  await expect(frame.getByRole("button", { name: "Sign in with Hugging Face" })).toHaveCount(0);
  await frame.getByLabel("Access token").fill(HUB_TOKEN);
  await frame.getByRole("button", { name: "Sign in with token" }).click();
  await expect(frame.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);
  await expect(frame.getByText("COMPLETED", { exact: true }).first()).toBeVisible();
  await expect(frame.getByRole("log")).toContainText("hello from the Space");
  await hubPage.close();
  // The top-level session is still there, untouched by the frame's.
  await page.reload();
  await expect(page.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);

  // Another visitor of the same Space: no session, nothing of the first visitor's.
  const other = await browser.newContext({ baseURL: SPACE_URL, ignoreHTTPSErrors: true });
  try {
    const otherPage = await other.newPage();
    await otherPage.goto(jobPath);
    await expect(otherPage).toHaveURL(/\/sign-in\?callbackUrl=/);
    expect(await (await otherPage.request.get("/api/auth/session")).json()).toBeNull();
    expect((await otherPage.request.get(`/api/jobs/${LOCAL_USER}`)).status()).toBe(401);
  } finally {
    await other.close();
  }
});
