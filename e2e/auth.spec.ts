import { randomBytes } from "node:crypto";
import { expect, LOCAL_ORG, LOCAL_USER, readHubToken, signInByToken, test, testControlHeaders } from "./fixtures";
import { SignInPage } from "./pages/sign-in.page";

/**
 * Issue 5 in the browser, against the app in local mode: OAuth sign-in through the local Hub's consent
 * page and back, token sign-in (good, invalid, read-only), sign-out, and the signed-out gate.
 * `/sign-out` is the auth area's own page, so these tests do not depend on the app pages' state.
 */

interface SessionJson {
  user?: { name?: string };
  namespaces?: string[];
  hasHfToken?: boolean;
}

test("a signed-out visitor is sent to /sign-in and comes back to the page they asked for", async ({ page }) => {
  await page.goto("/sign-out?from=gate");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsign-out%3Ffrom%3Dgate$/);
  await new SignInPage(page).signInWithToken(readHubToken());
  await expect(page).toHaveURL(/\/sign-out\?from=gate$/);
});

test("OAuth sign-in through the local Hub's consent page and back", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto({ callbackUrl: "/sign-out" });
  await signIn.oauthButton.click();
  await page.waitForURL(/127\.0\.0\.1:\d+\/oauth\/authorize\?/);
  // The consent page names the local user and the scopes the app asks for.
  await expect(page.getByText(LOCAL_USER, { exact: false }).first()).toBeVisible();
  for (const scope of ["openid", "profile", "jobs", "manage-repos"]) {
    await expect(page.getByRole("listitem").filter({ hasText: scope }).first()).toBeVisible();
  }
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL(/localhost:\d+\/sign-out$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);

  const res = await page.request.get("/api/auth/session");
  const text = await res.text();
  expect(text).not.toMatch(/hf_[A-Za-z0-9]/);
  const session = JSON.parse(text) as SessionJson;
  expect(session).toMatchObject({ user: { name: LOCAL_USER }, namespaces: [LOCAL_USER, LOCAL_ORG], hasHfToken: true });
});

test("Deny on the consent page returns to sign-in with a message and no session", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signInWithHuggingFace("Deny");
  await page.waitForURL(/\/sign-in\?/);
  await expect(signIn.alert).toContainText("cancelled or refused");
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
});

test("token sign-in: clear messages for an invalid and a read-only token, then success", async ({ page, hub }) => {
  const signIn = new SignInPage(page);
  await signIn.goto({ callbackUrl: "/sign-out" });

  await signIn.submitToken(`hf_${randomBytes(20).toString("hex")}`);
  await expect(signIn.alert).toHaveText("This token is invalid, expired or revoked.");

  await signIn.submitToken("not-a-token");
  await expect(signIn.alert).toHaveText("A Hugging Face access token starts with hf_.");

  await signIn.submitToken(await hub.mintToken("read"));
  await expect(signIn.alert).toHaveText("This token is read-only; jobs-studio needs a token with write access.");
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();

  await signIn.signInWithToken(hub.token);
  await expect(page).toHaveURL(/\/sign-out$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);
});

test("sign-out clears the session and the gate closes again", async ({ page }) => {
  await signInByToken(page, readHubToken(), "/sign-out");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in\?signedOut=1$/);
  await expect(new SignInPage(page).status).toHaveText("You are signed out.");
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes("session-token"))).toBe(false);
  await page.goto("/sign-out");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test("the app header shows the user and signs out", async ({ signedInPage: page }) => {
  const menu = page.getByTestId("user-menu");
  await expect(menu.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);
  await menu.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in\?signedOut=1$/);
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
});

test("a revoked token sends the user back to sign-in with a message", async ({ page, hub, request }) => {
  const token = await hub.mintToken("write");
  await signInByToken(page, token, "/sign-out");
  await expect(page.getByTestId("signed-in-user")).toHaveText(LOCAL_USER);
  const revoked = await request.post(`${hub.url}/__test/tokens/revoke`, { data: { token }, headers: testControlHeaders() });
  expect(revoked.ok()).toBe(true);
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in\?error=expired&callbackUrl=%2Fsign-out$/);
  await expect(new SignInPage(page).alert).toHaveText("Your Hugging Face session expired or the token was revoked. Sign in again.");
  // signing in again from there returns to the page
  await new SignInPage(page).signInWithToken(hub.token);
  await expect(page).toHaveURL(/\/sign-out$/);
});
