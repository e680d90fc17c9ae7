#!/usr/bin/env node
/**
 * `npm start`: serves the app on PORT (default 3000), building it first when needed. When HF_HUB_URL
 * is not set (local mode) it starts the local Hub beside it on LOCAL_HUB_PORT (default 4280, data
 * in LOCAL_HUB_DIR, default .local-hub/), points the app at it and hands the app the local Hub's OAuth
 * client, so sign-in works with no configuration. Ctrl-C stops both.
 *
 * In a Hugging Face Space (the Dockerfile's command) the Space's variables fill in the app's first
 * (lib/space-env.ts): `OPENID_PROVIDER_URL` → `HF_HUB_URL` (so no local Hub), `SPACE_HOST` →
 * `AUTH_URL`, which Auth.js reads from the server's environment itself.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const bin = (name) => join(root, "node_modules", ".bin", name);
const port = process.env.PORT ?? "3000";
const children = [];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "local-hub" || entry === "node_modules" || entry.endsWith(".test.ts") || entry.endsWith(".test.tsx")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function needsBuild() {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "proxy.ts", "auth.ts", "instrumentation.ts", "next.config.ts", "package.json", "package-lock.json"];
  return sources.some((s) => newestMtime(join(root, s)) > built);
}

async function waitFor(url, what, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() =>
    process.exit(code),
  );
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

const { spaceEnvDefaults } = await tsImport("../lib/space-env.ts", import.meta.url);
const env = { ...process.env, ...spaceEnvDefaults(process.env), NEXT_TELEMETRY_DISABLED: "1", PORT: port };
env.AUTH_URL ??= `http://localhost:${port}`;
if (env.SPACE_HOST && !env.AUTH_SECRET) {
  // A Space provides everything but this (README "Deploy as a Space"): say so in the Space's logs.
  console.error("AUTH_SECRET is not set: add it as a secret in the Space's settings (a random string, e.g. `openssl rand -base64 32`).");
  process.exit(1);
}
env.AUTH_TRUST_HOST ??= "true";

if (!env.HF_HUB_URL) {
  const hubPort = process.env.LOCAL_HUB_PORT ?? "4280";
  const dir = resolve(root, process.env.LOCAL_HUB_DIR ?? ".local-hub");
  mkdirSync(dir, { recursive: true });
  const args = [join(root, "lib/local-hub/server.ts"), "--port", hubPort, "--dir", dir,
    "--redirect-uri", `${env.AUTH_URL}/api/auth/callback/huggingface`];
  if (process.env.LOCAL_HUB_TEST_CONTROLS === "1") args.push("--test-controls");
  const hub = spawn(bin("tsx"), args, { stdio: "inherit", env });
  children.push(hub);
  hub.on("exit", (code) => {
    console.error(`local Hub stopped (exit code ${code})`);
    stopAll(code ?? 1);
  });
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  await waitFor(`${hubUrl}/api/health`, "the local Hub", hub).catch((err) => {
    console.error(err.message);
    stopAll(1);
  });
  env.HF_HUB_URL = hubUrl;
  env.LOCAL_HUB = "1";
  const clientFile = join(dir, "oauth-client.json");
  if (existsSync(clientFile)) {
    const client = JSON.parse(readFileSync(clientFile, "utf8"));
    env.AUTH_HUGGINGFACE_ID ??= client.clientId;
    env.AUTH_HUGGINGFACE_SECRET ??= client.clientSecret;
  }
  if (!env.AUTH_SECRET) {
    const secretFile = join(dir, "auth-secret");
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
    env.AUTH_SECRET = readFileSync(secretFile, "utf8").trim();
  }
  // The app's own state (the sign-out revocation record) lives beside the local Hub's.
  env.APP_DATA_DIR ??= join(dir, "app-data");
}

if (needsBuild()) {
  console.log("Building the app (next build)…");
  const build = spawnSync(bin("next"), ["build"], { stdio: "inherit", env, cwd: root });
  if (build.status !== 0) {
    console.error("next build failed");
    stopAll(1);
  }
}

// Started directly (not through npx) so that its PID is the server's (specs/stack.md pitfall 8).
const next = spawn(bin("next"), ["start", "-p", port], { stdio: "inherit", env, cwd: root });
children.push(next);
next.on("exit", (code) => stopAll(code ?? 0));
console.log(`jobs-studio: http://localhost:${port}${env.LOCAL_HUB === "1" ? `  (local Hub: ${env.HF_HUB_URL})` : ""}`);
