import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SignInPage } from "./pages/sign-in.page";

/**
 * Shared Playwright fixtures for the app in local mode (playwright.config.ts → scripts/start.mjs starts
 * the local Hub on E2E_HUB_PORT, data in `.tmp/e2e-hub-<port>`, with `/__test/*` controls).
 *
 * - `signedInPage`: a page signed in by token sign-in with the local user's token (`local-user`, org
 *   `local-org`); it starts on `/`.
 * - `hubToken`: that token. `hub`: the local Hub's URL, token and test-control helpers.
 *
 * Use: `import { test, expect } from "./fixtures";  test("…", async ({ signedInPage: page }) => { … })`.
 */

export const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 4399);
/** The local Hub as the app reaches it (scripts/start.mjs: `http://127.0.0.1:<port>`). */
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;
export const HUB_DIR = `.tmp/e2e-hub-${HUB_PORT}`;
export const LOCAL_USER = "local-user";
export const LOCAL_ORG = "local-org";

/** The local user's write token, as the local Hub wrote it to `{dir}/token`. */
export function readHubToken(): string {
  return readFileSync(join(HUB_DIR, "token"), "utf8").trim();
}

/** Headers for the local Hub's `/__test/*` routes, which require its primary token (`{dir}/token`). */
export function testControlHeaders(): Record<string, string> {
  return { Authorization: `Bearer ${readHubToken()}` };
}

/** Local Hub helpers for tests (test controls are on in e2e). */
export interface HubHelpers {
  url: string;
  token: string;
  /** mints a token for the local user (or `user`) with `role` → the token */
  mintToken(role: "read" | "write" | "admin", user?: string): Promise<string>;
  /** creates another user, a member of `orgs` only (default none: not in local-org) → their name and write token */
  createUser(name: string, orgs?: string[]): Promise<{ name: string; token: string }>;
}

async function hubHelpers(request: APIRequestContext): Promise<HubHelpers> {
  const post = async (path: string, data: unknown) => {
    const res = await request.post(`${HUB_URL}${path}`, { data, headers: testControlHeaders() });
    expect(res.ok(), `${path} → ${res.status()}`).toBe(true);
    return res.json();
  };
  return {
    url: HUB_URL,
    token: readHubToken(),
    mintToken: async (role, user) => ((await post("/__test/tokens", { role, user })) as { token: string }).token,
    createUser: async (name, orgs = []) => (await post("/__test/users", { name, orgs })) as { name: string; token: string },
  };
}

/** Signs `page` in with `token` through `/sign-in` (token sign-in) and waits for the app. */
export async function signInByToken(page: Page, token: string, callbackUrl = "/"): Promise<void> {
  const signIn = new SignInPage(page);
  await signIn.goto({ callbackUrl });
  await signIn.signInWithToken(token);
}

export const test = base.extend<{ hubToken: string; hub: HubHelpers; signedInPage: Page }>({
  hubToken: async ({}, provide) => {
    await provide(readHubToken());
  },
  hub: async ({ request }, provide) => {
    await provide(await hubHelpers(request));
  },
  signedInPage: async ({ page, hubToken }, provide) => {
    await signInByToken(page, hubToken);
    await provide(page);
  },
});

export { expect };
