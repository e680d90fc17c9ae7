import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // Next resolves "server-only" itself; outside Next it is an empty module (specs/stack.md pitfall 5).
      "server-only": fileURLToPath(new URL("./test-support/server-only.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    include: ["{lib,components,app,scripts,test-support}/**/*.test.{ts,tsx}"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; let Vite
    // resolve it (lib/auth/sign-out-revocation.test.ts drives Auth.js's own sign-out handler).
    server: { deps: { inline: ["next-auth"] } },
    // 2 cores: a test file may start a local Hub and sandboxed jobs.
    maxWorkers: 2,
  },
});
