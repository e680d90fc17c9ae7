#!/usr/bin/env node
/**
 * `npm run space:check` (issue 16, item 4): runs jobs-studio the way a Hugging Face Docker Space does
 * and drives sign-in → launch → job page in a browser against it.
 *
 * 1. Checks the README front matter against the Dockerfile (sdk: docker, hf_oauth: true, app_port =
 *    the image's PORT and EXPOSE) and reads `hf_oauth_scopes`.
 * 2. Builds the image from a clean export of the repository (`git archive` of HEAD plus uncommitted
 *    changes to tracked files, as `git stash create` records them): with `docker build` / `podman
 *    build` when an engine answers `info`; otherwise it says so and runs the Dockerfile's steps
 *    itself, in order, in a temporary folder (FROM/ENV/USER/WORKDIR/COPY/RUN/EXPOSE/CMD; any other
 *    instruction fails the check), printing each step as it runs.
 * 3. Starts what the Hub provides around a Space: a local Hub as the OpenID provider (an OAuth client
 *    registered for the Space's redirect URL, `--redirect-uri`), a TLS front (self-signed, like the
 *    Spaces proxy: https outside, http to port 7860 inside, `X-Forwarded-Proto: https`) whose host is
 *    `SPACE_HOST`, and an http page on another site that frames the app like huggingface.co does.
 * 4. Starts the image's command (CMD, port 7860) with only the image's ENV and a Space's variables
 *    (OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPES, OPENID_PROVIDER_URL, SPACE_HOST, SPACE_ID)
 *    plus AUTH_SECRET, and runs e2e-space/ with playwright.space.config.ts
 *    (report: test-results/space-e2e.json, counted by scripts/summarize.mjs).
 * Everything it started is stopped at the end, also on failure or Ctrl-C; the temporary folder is
 * removed (kept with SPACE_CHECK_KEEP=1). Exit code: 0 only when every step and test passed.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer as createHttpsServer, get as httpsGet } from "node:https";
import { connect } from "node:net";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const APP_PORT = 7860;
const HUB_PORT = Number(process.env.SPACE_CHECK_HUB_PORT ?? 4506);
const IMAGE = "jobs-studio-space-check";
const started = Date.now();
const cleanups = [];
let exitCode = 1;

const say = (msg) => console.log(`[space:check ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
const fail = (msg) => {
  throw new Error(msg);
};

/** Reads the README's YAML front matter (flat keys, scalar values and `- item` lists: all a Space's metadata uses here). */
export function readFrontMatter(text) {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return null;
  const out = {};
  let listKey = null;
  for (const line of m[1].split("\n")) {
    if (/^\s*(#|$)/.test(line)) continue;
    const item = /^\s+-\s+(.+?)\s*$/.exec(line);
    if (item && listKey) {
      out[listKey].push(item[1]);
      continue;
    }
    const kv = /^([A-Za-z0-9_]+):\s*(.*?)\s*$/.exec(line);
    if (!kv) fail(`README front matter: cannot read the line "${line}"`);
    listKey = kv[2] === "" ? kv[1] : null;
    out[kv[1]] = kv[2] === "" ? [] : kv[2].replace(/^["']|["']$/g, "");
  }
  return out;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
export function parseDockerfile(text) {
  const out = [];
  let acc = "";
  for (const raw of text.split("\n")) {
    if (/^\s*#/.test(raw) && acc === "") continue;
    const line = raw.replace(/\s+$/, "");
    if (line.endsWith("\\")) {
      acc += `${line.slice(0, -1)} `;
      continue;
    }
    acc += line;
    if (acc.trim()) {
      const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(acc);
      if (!m) fail(`Dockerfile: cannot read "${acc}"`);
      out.push({ op: m[1].toUpperCase(), args: m[2].trim() });
    }
    acc = "";
  }
  return out;
}

/** `KEY=value KEY2="v 2"` (or the legacy `KEY value`) → entries. */
function parseEnvArgs(args) {
  if (!args.includes("=")) {
    const [k, ...rest] = args.split(/\s+/);
    return [[k, rest.join(" ")]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)].map((m) => [m[1], m[3] ?? m[4] ?? m[5] ?? ""]);
}

/** `["node", "x"]` (exec form) or a shell-form string → argv. */
function commandArgv(args) {
  if (args.startsWith("[")) return JSON.parse(args);
  return ["/bin/sh", "-c", args];
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (res.error) fail(`${cmd} ${args.join(" ")}: ${res.error.message}`);
  return res;
}

/** A container engine that answers `info`, or null; says what it found either way. */
function detectEngine() {
  for (const cli of ["docker", "podman"]) {
    const found = spawnSync("sh", ["-c", `command -v ${cli}`], { encoding: "utf8" });
    if (found.status !== 0) {
      say(`${cli}: not installed`);
      continue;
    }
    const info = spawnSync(cli, ["info"], { encoding: "utf8", timeout: 20_000 });
    if (info.status === 0) {
      say(`${cli}: engine answers (${found.stdout.trim()} info ok)`);
      return cli;
    }
    const lastLine = (t) => (t ?? "").split("\n").map((l) => l.trim()).filter(Boolean).pop();
    const why = lastLine(info.stderr) ?? lastLine(info.stdout) ?? `exit ${info.status}`;
    say(`${cli}: client at ${found.stdout.trim()} but no working engine (${why})`);
  }
  return null;
}

/** A clean export of the repository into `dest`: HEAD plus uncommitted changes to tracked files. */
function exportRepo(dest) {
  const stash = run("git", ["stash", "create"], { cwd: root }).stdout.trim();
  const commit = stash || run("git", ["rev-parse", "HEAD"], { cwd: root }).stdout.trim();
  mkdirSync(dest, { recursive: true });
  const archive = spawnSync("sh", ["-c", `git archive --format=tar ${commit} | tar -x -C "${dest}"`], { cwd: root, encoding: "utf8" });
  if (archive.status !== 0) fail(`git archive failed: ${archive.stderr}`);
  const untracked = run("git", ["ls-files", "--others", "--exclude-standard"], { cwd: root }).stdout.trim();
  say(`context: git archive of ${commit.slice(0, 12)} (${stash ? "HEAD + uncommitted changes to tracked files" : "HEAD, clean"})${untracked ? `; untracked files left out, as in a clean clone: ${untracked.split("\n").join(", ")}` : ""}`);
}

/** .dockerignore → a predicate on context-relative paths (exact paths, `*` globs, one level of `**`). */
function dockerIgnore(context) {
  const file = join(context, ".dockerignore");
  const patterns = existsSync(file)
    ? readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
    : [];
  if (patterns.some((p) => p.startsWith("!"))) fail(".dockerignore: exceptions (!pattern) are not supported by the step runner");
  const res = patterns.map((p) => {
    const body = p.replace(/^\/+|\/+$/g, "").split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*");
    // A pattern without a slash matches at the top level only (Docker's rule), and everything under it.
    return new RegExp(`^${body}(/.*)?$`);
  });
  return (rel) => res.some((r) => r.test(rel));
}

/**
 * Runs the Dockerfile's steps in order in `imageRoot` (the image's `/`), without a container engine.
 * @returns the command to start (argv, cwd, env) as the image's CMD would
 */
function runSteps(steps, context) {
  const imageRoot = join(context, "..", "image");
  const inImage = (p) => join(imageRoot, p);
  const ignored = dockerIgnore(context);
  const hostNodeDir = dirname(process.execPath);
  // The image's environment: what the base image sets, then each ENV. The host's npm cache is reused
  // (npm ci does not download what it already holds); nothing else of this shell's environment leaks in.
  const imageEnv = { PATH: `${hostNodeDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` };
  const runEnv = { npm_config_cache: join(homedir(), ".npm"), npm_config_prefer_offline: "true", npm_config_update_notifier: "false" };
  let workdir = "/";
  let user = "root";
  let cmd = null;
  let n = 0;
  for (const { op, args } of steps) {
    const label = `step ${++n}/${steps.length}: ${op} ${args}`;
    const t0 = Date.now();
    switch (op) {
      case "FROM": {
        const major = /^node:(\d+)/.exec(args)?.[1];
        const host = process.versions.node.split(".")[0];
        say(`${label} → the host's Node ${process.version} stands in for the base image${major && major !== host ? ` (WARNING: the image has Node ${major})` : ""}`);
        if (major && major !== host) fail(`the Dockerfile's base image has Node ${major}, this machine Node ${host}: the steps would not be checked on the same Node`);
        break;
      }
      case "ENV":
        for (const [k, v] of parseEnvArgs(args)) imageEnv[k] = v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name) => imageEnv[name] ?? "");
        say(label);
        break;
      case "USER":
        user = args;
        imageEnv.HOME = args === "root" ? "/root" : `/home/${args}`;
        mkdirSync(inImage(imageEnv.HOME), { recursive: true });
        say(`${label} → recorded; the steps run as uid ${process.getuid?.() ?? "?"} here (the uid switch is the engine's job)`);
        break;
      case "WORKDIR":
        workdir = isAbsolute(args) ? args : join(workdir, args);
        mkdirSync(inImage(workdir), { recursive: true });
        say(`${label} → ${inImage(workdir)}`);
        break;
      case "COPY": {
        const parts = args.split(/\s+/).filter((a) => !a.startsWith("--chown=") && !a.startsWith("--chmod="));
        if (args.split(/\s+/).some((a) => a.startsWith("--") && !a.startsWith("--chown=") && !a.startsWith("--chmod="))) fail(`${label}: unsupported COPY option`);
        const dst = parts.pop();
        const target = isAbsolute(dst) ? inImage(dst) : join(inImage(workdir), dst);
        let copied = 0;
        const intoDir = dst.endsWith("/") || dst === "." || parts.length > 1 || parts[0] === ".";
        for (const src of parts) {
          const from = resolve(context, src);
          if (from !== context && !from.startsWith(`${context}/`)) fail(`${label}: source outside the context`);
          const rels = src === "." ? readdirSync(context) : [src];
          for (const rel of rels.filter((r) => !ignored(r.replace(/^\.\//, "")))) {
            cpSync(join(context, rel), intoDir ? join(target, src === "." ? rel : basename(rel)) : target, { recursive: true });
            copied++;
          }
        }
        say(`${label} → ${copied} entr${copied === 1 ? "y" : "ies"} into ${target}${/--chown=/.test(args) ? " (--chown recorded, not applied: same uid here)" : ""}`);
        break;
      }
      case "RUN": {
        say(`${label} (in ${workdir}, USER ${user}; npm: cache ${runEnv.npm_config_cache}, prefer-offline)`);
        const res = spawnSync("/bin/sh", ["-c", args], {
          cwd: inImage(workdir),
          env: { ...imageEnv, ...runEnv, HOME: inImage(imageEnv.HOME ?? "/root") },
          stdio: ["ignore", "inherit", "inherit"],
        });
        if (res.status !== 0) fail(`${label} failed (exit ${res.status ?? res.signal})`);
        say(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        break;
      }
      case "EXPOSE":
        say(label);
        break;
      case "CMD":
        cmd = commandArgv(args);
        say(`${label} → recorded`);
        break;
      default:
        fail(`${label}: the step runner does not know this instruction; add it to scripts/space-check.mjs rather than skipping it`);
    }
  }
  if (!cmd) fail("the Dockerfile has no CMD");
  return { argv: cmd, cwd: inImage(workdir), env: { ...imageEnv, HOME: inImage(imageEnv.HOME ?? "/root") } };
}

/** The command of an image built by an earlier run (SPACE_CHECK_REUSE), without running any step. */
function reusedImage(steps, context) {
  say(`SPACE_CHECK_REUSE: NOT running the Dockerfile's steps; reusing ${join(context, "..", "image")}`);
  const env = { PATH: `${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` };
  let workdir = "/";
  let cmd = null;
  for (const { op, args } of steps) {
    if (op === "ENV") for (const [k, v] of parseEnvArgs(args)) env[k] = v;
    if (op === "USER") env.HOME = join(context, "..", "image", args === "root" ? "/root" : `/home/${args}`);
    if (op === "WORKDIR") workdir = isAbsolute(args) ? args : join(workdir, args);
    if (op === "CMD") cmd = commandArgv(args);
  }
  if (!cmd) fail("the Dockerfile has no CMD");
  return { argv: cmd, cwd: join(context, "..", "image", workdir), env };
}

function portInUse(port, host = "127.0.0.1") {
  return new Promise((res) => {
    const s = connect({ port, host }, () => {
      s.destroy();
      res(true);
    });
    s.on("error", () => res(false));
  });
}

/** GET `url` → true on a 2xx; https URLs are checked against `ca` (the TLS front's own certificate). */
function answers(url, ca) {
  if (!url.startsWith("https:")) return fetch(url).then((r) => r.ok, () => false);
  return new Promise((res) => {
    const req = httpsGet(url, { ca }, (r) => {
      r.resume();
      res((r.statusCode ?? 500) < 300);
    });
    req.on("error", () => res(false));
  });
}

async function waitFor(url, what, child, timeoutMs, ca) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) fail(`${what} exited with code ${child.exitCode}`);
    if (await answers(url, ca)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Spawns a process in its own group, so that stopping it stops its children (next start, …). */
function startProcess(what, argv, opts) {
  const child = spawn(argv[0], argv.slice(1), { ...opts, detached: true, stdio: ["ignore", "inherit", "inherit"] });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
    say(`stopped ${what}`);
  });
  return child;
}

function listen(server, host) {
  return new Promise((res, rej) => {
    server.once("error", rej);
    server.listen(0, host, () => res(server.address().port));
    cleanups.push(() => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }));
  });
}

/** The Spaces front: TLS outside, the app's port inside, with the forwarded headers a proxy adds. */
async function startTlsFront(tmp) {
  const key = join(tmp, "tls-key.pem");
  const cert = join(tmp, "tls-cert.pem");
  const ssl = run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]);
  if (ssl.status !== 0) fail(`openssl could not make a self-signed certificate: ${ssl.stderr}`);
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const upstream = httpRequest(
      { host: "127.0.0.1", port: APP_PORT, method: req.method, path: req.url,
        headers: { ...req.headers, "x-forwarded-proto": "https", "x-forwarded-host": req.headers.host ?? "", "x-forwarded-for": req.socket.remoteAddress ?? "" } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`space:check front: ${err.message}`);
    });
    req.pipe(upstream);
  });
  return { port: await listen(server, "127.0.0.1"), ca: readFileSync(cert), tls: { key: readFileSync(key), cert: readFileSync(cert) } };
}

/** huggingface.co's role: an https page on another site that shows the Space in an iframe (`?src=<path>`). */
async function startParentPage(appOrigin, tls) {
  const server = createHttpsServer(tls, (req, res) => {
    const src = new URL(req.url ?? "/", "http://x").searchParams.get("src") ?? "/";
    const target = new URL(src.startsWith("/") ? src : "/", appOrigin);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>Space</title><h1>A Space on another site</h1><iframe title="jobs-studio" src="${target.href.replace(/"/g, "&quot;")}" style="width:100%;height:90vh;border:0"></iframe>`);
  });
  return listen(server, "127.0.0.1");
}

async function main() {
  // A report is only ever this run's (scripts/summarize.mjs counts a missing one as a failure).
  rmSync(join(root, "test-results/space-e2e.json"), { force: true });
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const meta = readFrontMatter(readme);
  const steps = parseDockerfile(readFileSync(join(root, "Dockerfile"), "utf8"));
  if (!meta) fail("README.md has no front matter (a Space reads its metadata there)");
  if (meta.sdk !== "docker") fail(`README front matter: sdk is "${meta.sdk}", a Docker Space needs sdk: docker`);
  if (meta.hf_oauth !== "true") fail("README front matter: hf_oauth: true is missing");
  const imagePort = steps.filter((s) => s.op === "ENV").flatMap((s) => parseEnvArgs(s.args)).filter(([k]) => k === "PORT").pop()?.[1];
  const exposed = steps.find((s) => s.op === "EXPOSE")?.args;
  if (meta.app_port !== String(APP_PORT) || imagePort !== String(APP_PORT) || exposed !== String(APP_PORT)) {
    fail(`port mismatch: README app_port ${meta.app_port}, Dockerfile ENV PORT ${imagePort}, EXPOSE ${exposed}; all must be ${APP_PORT}`);
  }
  const scopes = ["openid", "profile", ...(Array.isArray(meta.hf_oauth_scopes) ? meta.hf_oauth_scopes : [])];
  say(`README front matter: sdk docker, app_port ${meta.app_port}, hf_oauth true, OAUTH_SCOPES="${scopes.join(" ")}"`);

  if (await portInUse(APP_PORT)) fail(`port ${APP_PORT} is already in use: stop what runs there first`);
  if (await portInUse(HUB_PORT)) fail(`port ${HUB_PORT} (the local Hub) is already in use (SPACE_CHECK_HUB_PORT picks another)`);

  // SPACE_CHECK_REUSE=<a folder kept by SPACE_CHECK_KEEP=1>: a debugging aid for the e2e only; the
  // Dockerfile's steps are not run, so such a run never passes.
  const reuse = process.env.SPACE_CHECK_REUSE;
  const tmp = reuse ?? mkdtempSync(join(tmpdir(), "space-check-"));
  cleanups.push(() => {
    if (process.env.SPACE_CHECK_KEEP === "1" || reuse) say(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  const context = join(tmp, "context");
  if (!reuse) exportRepo(context);

  // The Space's surroundings first: its host name goes into the OAuth client's redirect URL.
  const { port: frontPort, ca, tls } = await startTlsFront(tmp);
  const spaceHost = `localhost:${frontPort}`;
  const appOrigin = `https://${spaceHost}`;
  const parentPort = await startParentPage(appOrigin, tls);
  say(`TLS front https://${spaceHost} → http://127.0.0.1:${APP_PORT}; framing page https://127.0.0.1:${parentPort}`);

  const hubDir = join(tmp, "hub");
  rmSync(hubDir, { recursive: true, force: true });
  mkdirSync(hubDir);
  const hub = startProcess("the local Hub", [join(root, "node_modules/.bin/tsx"), join(root, "lib/local-hub/server.ts"),
    "--port", String(HUB_PORT), "--dir", hubDir, "--redirect-uri", `${appOrigin}/api/auth/callback/huggingface`], { cwd: root, env: process.env });
  const hubUrl = `http://127.0.0.1:${HUB_PORT}`;
  await waitFor(`${hubUrl}/api/health`, "the local Hub", hub, 60_000);
  const client = JSON.parse(readFileSync(join(hubDir, "oauth-client.json"), "utf8"));
  say(`local Hub ${hubUrl} as the OpenID provider, OAuth client ${client.clientId} for ${appOrigin}/api/auth/callback/huggingface`);

  const spaceEnv = {
    SPACE_HOST: spaceHost,
    SPACE_ID: "local-user/jobs-studio",
    OPENID_PROVIDER_URL: hubUrl,
    OAUTH_CLIENT_ID: client.clientId,
    OAUTH_CLIENT_SECRET: client.clientSecret,
    OAUTH_SCOPES: scopes.join(" "),
    // The one variable set by hand (a Space secret).
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  };

  const engine = reuse ? null : detectEngine();
  let server;
  if (engine) {
    say(`building the image with ${engine} build`);
    const build = spawnSync(engine, ["build", "-t", IMAGE, context], { stdio: "inherit" });
    if (build.status !== 0) fail(`${engine} build failed`);
    const envArgs = Object.entries(spaceEnv).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const name = `${IMAGE}-${process.pid}`;
    server = startProcess(`the container (${engine})`, [engine, "run", "--rm", "--name", name, "--network", "host", ...envArgs, IMAGE], { env: process.env });
    cleanups.push(() => void spawnSync(engine, ["rm", "-f", name], { stdio: "ignore" }));
  } else {
    say("no container engine: running the Dockerfile's steps in order in a temporary folder");
    const image = reuse ? reusedImage(steps, context) : runSteps(steps, context);
    say(`starting the image's command: ${image.argv.join(" ")} (in ${image.cwd}, PORT=${image.env.PORT})`);
    server = startProcess("the app", image.argv, { cwd: image.cwd, env: { ...image.env, ...spaceEnv } });
  }
  await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, "the app", server, 120_000);
  await waitFor(`${appOrigin}/api/health`, "the app behind the TLS front", null, 10_000, ca);
  say(`the app answers at ${appOrigin} (port ${APP_PORT} inside)`);

  say("e2e: playwright test -c playwright.space.config.ts");
  // Not spawnSync: the TLS front and the framing page are served by this process's event loop.
  const e2e = spawn(join(root, "node_modules/.bin/playwright"), ["test", "-c", "playwright.space.config.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, SPACE_CHECK_URL: appOrigin, SPACE_CHECK_PARENT_URL: `https://127.0.0.1:${parentPort}`, SPACE_CHECK_HUB_URL: hubUrl,
      SPACE_CHECK_HUB_TOKEN: readFileSync(join(hubDir, "token"), "utf8").trim(), SPACE_CHECK_SCOPES: scopes.join(" ") },
  });
  const e2eStatus = await new Promise((r) => e2e.once("exit", (code) => r(code)));
  exitCode = e2eStatus === 0 && !reuse ? 0 : 1;
  if (reuse) say("SPACE_CHECK_REUSE: the Dockerfile's steps were not run; this run is not a check (exit 1)");
  say(e2eStatus !== 0 ? "e2e failed" : reuse ? "e2e passed (not a check: SPACE_CHECK_REUSE)" : "passed");
}

async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(`space:check cleanup: ${err.message}`);
    }
  }
  cleanups.length = 0;
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    say(`${sig}: stopping`);
    void cleanup().then(() => process.exit(1));
  });
}

try {
  await main();
} catch (err) {
  console.error(`space:check failed: ${err.message}`);
  exitCode = 1;
} finally {
  await cleanup();
  say(`done (exit ${exitCode})`);
  process.exit(exitCode);
}
