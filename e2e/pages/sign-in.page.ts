import { expect, type Locator, type Page } from "@playwright/test";

/** Page object of `/sign-in` and of the local Hub's consent page it leads to (role and label locators). */
export class SignInPage {
  readonly heading: Locator;
  readonly oauthButton: Locator;
  readonly tokenInput: Locator;
  readonly tokenSubmit: Locator;
  readonly alert: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Sign in to jobs-studio" });
    this.oauthButton = page.getByRole("button", { name: "Sign in with Hugging Face" });
    this.tokenInput = page.getByLabel("Access token");
    this.tokenSubmit = page.getByRole("button", { name: "Sign in with token" });
    // Scoped to <main>: Next adds its own role="alert" route announcer to every page.
    this.alert = page.getByRole("main").getByRole("alert");
    this.status = page.getByRole("main").getByRole("status");
  }

  /** Opens `/sign-in` (with `callbackUrl` and other query parameters when given). */
  async goto(query: Record<string, string> = {}): Promise<void> {
    const qs = new URLSearchParams(query).toString();
    await this.page.goto(`/sign-in${qs ? `?${qs}` : ""}`);
    await expect(this.heading).toBeVisible();
  }

  /** Pastes a token and submits; does not wait for the outcome. */
  async submitToken(token: string): Promise<void> {
    await this.tokenInput.fill(token);
    await this.tokenSubmit.click();
  }

  /** Token sign-in that must succeed: waits until the browser has left `/sign-in`. */
  async signInWithToken(token: string): Promise<void> {
    await this.submitToken(token);
    await this.page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }

  /**
   * OAuth through the local Hub: clicks "Sign in with Hugging Face", waits for the Hub's consent page
   * and presses `decision` there ("Allow" or "Deny").
   */
  async signInWithHuggingFace(decision: "Allow" | "Deny" = "Allow"): Promise<void> {
    await this.oauthButton.click();
    await this.page.waitForURL(/\/oauth\/authorize\?/);
    await expect(this.page.getByRole("heading", { name: "Authorize application" })).toBeVisible();
    await this.page.getByRole("button", { name: decision }).click();
  }
}
