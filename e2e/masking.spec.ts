import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { HUB_DIR, HUB_URL, LOCAL_ORG, expect, signInByToken, test } from "./fixtures";
import { ComposerPage } from "./pages/composer.page";
import { JobPage } from "./pages/jobs.page";

/**
 * Issue 11: secrets are masked everywhere the app shows job output, and reach the job byte for byte.
 * A job in `local-org` prints a one-line secret, a multi-line JSON secret (raw and JSON-escaped), its
 * SHA-256, a secret pasted as `.env` lines, and the session's token (added with "Add my token as
 * HF_TOKEN"). The job page, the logs route and "Download logs" contain none of them (nor any line of
 * ≥ 8 characters of the JSON), the SHA-256s prove the exact bytes arrived; then a second app process
 * (a restart, or another machine sharing AUTH_SECRET) shows the job masked to the same user and to a
 * second member of the org.
 */

/** A second app process for the "after a restart / on another machine" half (the prompt's spare port). */
const SECOND_APP_PORT = Number(process.env.E2E_SECOND_APP_PORT ?? 4504);

const SCRIPT = `import hashlib, json, os
one = os.environ["ONE_LINE"]
sa = os.environ["SA_JSON"]
pasted = os.environ["PASTED_B"]
print("one:", one, flush=True)
print(sa, flush=True)
print(json.dumps({"sa": sa}), flush=True)
print("sha256:", hashlib.sha256(sa.encode()).hexdigest(), flush=True)
print("pasted-sha256:", hashlib.sha256(pasted.encode()).hexdigest(), flush=True)
print("token:", os.environ["HF_TOKEN"], flush=True)
print("all printed", flush=True)
`;

const ONE_LINE = `pw-${randomBytes(12).toString("base64url")}`;
const SA_JSON = `${JSON.stringify(
  {
    type: "service_account",
    project_id: `proj-${randomBytes(4).toString("hex")}`,
    private_key_id: randomBytes(20).toString("hex"),
    client_email: `bot-${randomBytes(4).toString("hex")}@example.iam.test`,
    note: 'a "quoted" word',
  },
  null,
  2,
)}\n`;
const PASTED_A = `plain-${randomBytes(8).toString("hex")}`;
const PASTED_B = `first line ${randomBytes(6).toString("hex")}\nsecond line ${randomBytes(6).toString("hex")}`;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Nothing secret in `text`: whole values, each line ≥ 8 chars of the multi-line ones, escaped forms. */
function expectMasked(text: string, token: string, where: string) {
  const lines = [...SA_JSON.split("\n"), ...PASTED_B.split("\n")].map((l) => l.trim()).filter((l) => l.length >= 8);
  for (const secret of [ONE_LINE, PASTED_A, token, JSON.stringify(SA_JSON).slice(1, -1), ...lines]) {
    expect(text.includes(secret), `${where} contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
  }
}

async function logsRouteText(page: Page, jobId: string): Promise<string> {
  const res = await page.request.get(`/api/jobs/${LOCAL_ORG}/${jobId}/logs`);
  expect(res.status()).toBe(200);
  return res.text();
}

async function startSecondApp(): Promise<ChildProcess> {
  const env = {
    ...process.env,
    PORT: String(SECOND_APP_PORT),
    HF_HUB_URL: HUB_URL,
    LOCAL_HUB: "1",
    AUTH_SECRET: readFileSync(join(HUB_DIR, "auth-secret"), "utf8").trim(),
    AUTH_URL: `http://localhost:${SECOND_APP_PORT}`,
    AUTH_TRUST_HOST: "true",
    APP_DATA_DIR: resolve(HUB_DIR, "app-data"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(SECOND_APP_PORT)], { env, stdio: "ignore" });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://localhost:${SECOND_APP_PORT}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the second app process did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openInSecondApp(browser: Browser, token: string, jobId: string) {
  const context = await browser.newContext({ baseURL: `http://localhost:${SECOND_APP_PORT}` });
  const page = await context.newPage();
  await signInByToken(page, token, `/jobs/${LOCAL_ORG}/${jobId}`);
  const job = new JobPage(page);
  await job.goto(LOCAL_ORG, jobId);
  await expect(job.logs).toContainText("all printed", { timeout: 30_000 });
  return { context, page, job };
}

test("secrets are masked in the page, the logs route and the download, also after a restart and for another member", async ({ signedInPage: page, hubToken, hub, browser }) => {
  test.setTimeout(180_000);
  const composer = new ComposerPage(page);
  await composer.goto();
  await composer.dropFiles([{ name: "leak.py", mimeType: "text/x-python", buffer: Buffer.from(SCRIPT) }]);
  await composer.namespace.selectOption(LOCAL_ORG);
  await composer.jobName.fill("masking-e2e");
  await composer.addSecret("ONE_LINE", ONE_LINE);
  await composer.addSecret("SA_JSON", SA_JSON);
  // One .env paste fills two rows, a multi-line double-quoted value included.
  await composer.pasteSecretsDotenv(`# from a --secrets-file\nPASTED_A=${PASTED_A}\nPASTED_B="${PASTED_B.replace("\n", "\\n")}"\n`);
  await expect(page.getByLabel("Secret PASTED_A value hidden")).toBeVisible();
  await expect(page.getByLabel("Secret PASTED_B value hidden")).toBeVisible();
  await page.getByRole("button", { name: "Add my token as HF_TOKEN" }).click();
  await composer.runNow.click();
  await page.waitForURL(/\/jobs\/[^/]+\/[0-9a-f]+/, { timeout: 60_000 });

  const job = new JobPage(page);
  const jobId = job.id();
  await expect(page.getByText("COMPLETED", { exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await expect(job.logs).toContainText("all printed", { timeout: 30_000 });
  // The exact bytes reached the job: the SHA-256s it printed are those of what was typed and pasted.
  await expect(job.logs).toContainText(`sha256: ${sha256(SA_JSON)}`);
  await expect(job.logs).toContainText(`pasted-sha256: ${sha256(PASTED_B)}`);
  await expect(job.logs).toContainText("one: ***");
  await expect(job.logs).toContainText("masked: ONE_LINE");
  await expect(page.getByText(/shown as \*\*\* — best effort.*the Hub keeps the raw logs/)).toBeVisible();
  expectMasked(await page.content(), hubToken, "the job page");
  expectMasked(await logsRouteText(page, jobId), hubToken, "the logs route");

  const [download] = await Promise.all([page.waitForEvent("download"), job.downloadLogs.click()]);
  const downloaded = readFileSync(await download.path(), "utf8");
  expect(downloaded).toContain(`sha256: ${sha256(SA_JSON)}`);
  expectMasked(downloaded, hubToken, "Download logs");

  // Another app process (a restart: nothing in memory; or another machine sharing AUTH_SECRET).
  const second = await startSecondApp();
  try {
    const same = await openInSecondApp(browser, hubToken, jobId);
    expectMasked(await same.page.content(), hubToken, "the job page after a restart");
    expectMasked(await logsRouteText(same.page, jobId), hubToken, "the logs route after a restart");
    await same.context.close();

    const member = await hub.createUser(`member-${randomBytes(3).toString("hex")}`, [LOCAL_ORG]);
    const other = await openInSecondApp(browser, member.token, jobId);
    await expect(other.job.logs).toContainText(`sha256: ${sha256(SA_JSON)}`);
    expectMasked(await other.page.content(), hubToken, "the job page for another member");
    expectMasked(await logsRouteText(other.page, jobId), hubToken, "the logs route for another member");
    await other.context.close();
  } finally {
    second.kill("SIGTERM");
  }
});
