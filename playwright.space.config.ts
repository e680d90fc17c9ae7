import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./test-support/chromium";

/**
 * e2e-space/ against the app run as a Space by scripts/space-check.mjs (`npm run space:check`), which
 * starts the server, the local Hub and the TLS front itself and passes their URLs: no webServer here,
 * so this never collides with playwright.config.ts's. Not meant to be run on its own.
 */
const SPACE_URL = process.env.SPACE_CHECK_URL;
if (!SPACE_URL) throw new Error("playwright.space.config.ts is run by `npm run space:check` (SPACE_CHECK_URL is not set)");

export default defineConfig({
  testDir: "./e2e-space",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/space-e2e.json" }]],
  outputDir: "test-results/space-artifacts",
  use: {
    // SPACE_HOST's origin: Auth.js builds its redirect URL from it, so the cookies live there.
    baseURL: SPACE_URL,
    // The TLS front's certificate is self-signed (the real Spaces proxy has a public one).
    ignoreHTTPSErrors: true,
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});
