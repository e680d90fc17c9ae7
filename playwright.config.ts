import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./test-support/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3123);
const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 4399);

/** e2e against the built app in local mode; scripts/start.mjs starts the local Hub beside it. */
export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  outputDir: "test-results/artifacts",
  use: {
    // Same host as AUTH_URL, else Auth.js state/pkce cookies are lost (specs/stack.md pitfall 2).
    baseURL: `http://localhost:${PORT}`,
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    env: {
      PORT: String(PORT),
      LOCAL_HUB_PORT: String(HUB_PORT),
      LOCAL_HUB_DIR: `.tmp/e2e-hub-${HUB_PORT}`,
      LOCAL_HUB_TEST_CONTROLS: "1",
      AUTH_URL: `http://localhost:${PORT}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
