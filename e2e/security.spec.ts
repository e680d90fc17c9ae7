import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, HUB_DIR, HUB_URL, LOCAL_USER, test } from "./fixtures";
import { SignInPage } from "./pages/sign-in.page";

/**
 * Issue 5 security checks against the running app (local mode). Data-driven:
 *
 * - ROUTE HANDLERS are discovered from `app/api/**\/route.ts` (exported GET/POST/PUT/PATCH/DELETE).
 *   Every one not in {@link PUBLIC_ROUTES} must answer 401 `unauthenticated` without a session, and —
 *   when its path has a `[namespace]` segment — 403 `forbidden` for a namespace the user is not in.
 *   Dynamic segments get {@link SEGMENT_EXAMPLES}; add one there if your segment needs a special shape.
 *   A new public route must be added to PUBLIC_ROUTES with a reason.
 * - PAGES are discovered from `app/**\/page.tsx` (route groups removed). Static pages are fetched signed
 *   in; pages with dynamic segments need an entry in {@link PAGE_EXAMPLES} (a path, or a function that
 *   creates what the page shows and returns its path). Their HTML and every `/_next/static` script they
 *   load must contain neither the Hub token nor any secret submitted earlier (see SUBMITTED_SECRETS).
 * - XSS: each {@link XSS_CASES} entry opens a page whose content includes {@link XSS} (a file name, a
 *   label, a log line…); the page must show it as text: no `<img src=x>` element, no dialog.
 *
 * Server actions are checked in Vitest (lib/auth/access-control.test.ts), where they can be called
 * directly with and without a session.
 */

const ROOT = process.cwd();
const XSS = "<img src=x onerror=alert(1)>";

/** Routes anyone may call, and why. */
const PUBLIC_ROUTES: Record<string, string> = {
  "/api/health": "liveness probe for scripts/start.mjs and Playwright",
  "/api/auth/[...nextauth]": "Auth.js itself (sign-in, callback, session, csrf)",
};

/** Example values for dynamic segments; `namespace` is set per check. */
const SEGMENT_EXAMPLES: Record<string, string> = {
  id: "0123456789abcdef01234567",
};

/**
 * Routes whose namespace travels in the body: `"<METHOD> <pattern>"` → Playwright request options for a
 * namespace. They get the 403 check too.
 */
const NAMESPACE_IN_BODY: Record<string, (namespace: string) => { multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>; data?: unknown }> = {
  "POST /api/launch": (namespace) => ({
    multipart: {
      input: JSON.stringify({ namespace, files: [{ path: "a.py", size: 8 }], script: "a.py" }),
      file: { name: "a.py", mimeType: "text/x-python", buffer: Buffer.from("print(1)") },
    },
  }),
};

/** Secret values typed into the app earlier in this file (a rejected token, …); filled as they are typed. */
const SUBMITTED_SECRETS: string[] = [];

/** A secret value typed into the launch form; it must never come back (issue 5, item 5). */
const LAUNCH_SECRET = `s3cret-${randomBytes(12).toString("hex")}`;

/**
 * One job launched through the app's own launch route, as the composer does: a script that prints
 * {@link XSS} and a data file named after it, with a secret. Labels and job names cannot carry the
 * payload: the app's form and the Hub itself (lib/local-hub/runner/validate-job-spec.ts) accept only
 * `A-Z a-z 0-9 . _ -` in label keys and values. Created once, on first use.
 */
let launched: Promise<{ namespace: string; jobId: string }> | null = null;
function launchXssJob(page: Page, baseURL: string): Promise<{ namespace: string; jobId: string }> {
  launched ??= (async () => {
    const script = `print(${JSON.stringify(`log line ${XSS}`)}, flush=True)\n`;
    const dataName = `${XSS}.txt`;
    const input = {
      namespace: LOCAL_USER,
      files: [{ path: "xss.py", size: Buffer.byteLength(script) }, { path: dataName, size: 4 }],
      script: "xss.py",
      name: "xss-check",
      secrets: { LAUNCH_SECRET },
    };
    const res = await page.request.post("/api/launch", {
      headers: { origin: baseURL, "sec-fetch-site": "same-origin" },
      multipart: {
        input: JSON.stringify(input),
        file: { name: "xss.py", mimeType: "text/x-python", buffer: Buffer.from(script) },
        ["file:" + dataName]: { name: "data.txt", mimeType: "text/plain", buffer: Buffer.from("data") },
      },
    });
    const text = await res.text();
    expect(text, "the launch response must not echo the secret").not.toContain(LAUNCH_SECRET);
    const result = JSON.parse(text) as { ok: boolean; data?: { jobId?: string } };
    expect(result, text).toMatchObject({ ok: true, data: { jobId: expect.any(String) } });
    SUBMITTED_SECRETS.push(LAUNCH_SECRET);
    return { namespace: LOCAL_USER, jobId: result.data?.jobId ?? "" };
  })();
  return launched;
}

/** Paths to open for pages with dynamic segments (`/jobs/[namespace]/[id]` → a real job's path). */
const PAGE_EXAMPLES: Record<string, string | ((ctx: { page: Page; baseURL: string }) => Promise<string>)> = {
  "/jobs/[namespace]/[id]": async ({ page, baseURL }) => {
    const { namespace, jobId } = await launchXssJob(page, baseURL);
    return `/jobs/${namespace}/${jobId}`;
  },
  // a schedule that does not exist still serves the page's HTML and scripts
  "/scheduled-jobs/[namespace]/[id]": `/scheduled-jobs/${LOCAL_USER}/0123456789abcdef01234567`,
};

/** Pages that redirect signed-in users elsewhere (fetched anyway; the redirect target is checked). */
const PAGE_SKIP = new Set<string>([]);


/** Pages that render user-controlled text containing {@link XSS}. */
const XSS_CASES: { name: string; open: (page: Page, baseURL: string) => Promise<void> }[] = [
  {
    name: "job page: a file name and a log line (launched through the app)",
    open: async (page, baseURL) => {
      const { namespace, jobId } = await launchXssJob(page, baseURL);
      await page.goto(`/jobs/${namespace}/${jobId}`);
      await expect(page.getByRole("log", { name: "Job logs" })).toContainText(`log line ${XSS}`, { timeout: 60_000 });
      await expect(page.getByRole("region", { name: "Outputs" })).toContainText(`${XSS}.txt`, { timeout: 30_000 });
    },
  },
  {
    name: "sign-in page with the payload in callbackUrl and error",
    open: async (page) => {
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(`/${XSS}`)}&error=${encodeURIComponent(XSS)}`);
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("Sign-in failed. Try again.");
    },
  },
  {
    name: "the local Hub's consent page with the payload in state",
    open: async (page) => {
      const client = JSON.parse(readFileSync(join(HUB_DIR, "oauth-client.json"), "utf8")) as { clientId: string; redirectUris: string[] };
      const url = new URL(`${HUB_URL}/oauth/authorize`);
      const params = {
        client_id: client.clientId, redirect_uri: client.redirectUris[0], response_type: "code", scope: "openid profile",
        state: XSS, code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256",
      };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      await page.goto(url.toString());
      await expect(page.getByRole("button", { name: "Allow" })).toBeVisible();
    },
  },
];

function walk(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full, name));
    else if (entry === name) out.push(full);
  }
  return out;
}

/** `app/(group)/jobs/[namespace]/page.tsx` → `/jobs/[namespace]`. */
function urlPattern(file: string): string {
  const segments = relative(join(ROOT, "app"), file).split(sep).slice(0, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return "/" + segments.join("/");
}

function fill(pattern: string, namespace: string): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_m, name: string) =>
    name === "namespace" ? namespace : (SEGMENT_EXAMPLES[name] ?? "example"),
  );
}

interface RouteCase { pattern: string; method: string }

const routeCases: RouteCase[] = walk(join(ROOT, "app", "api"), "route.ts").flatMap((file) => {
  const pattern = urlPattern(file);
  if (pattern in PUBLIC_ROUTES) return [];
  const source = readFileSync(file, "utf8");
  const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) =>
    new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b`).test(source),
  );
  return methods.map((method) => ({ pattern, method }));
});

const pagePatterns = walk(join(ROOT, "app"), "page.tsx").map(urlPattern);

async function call(request: APIRequestContext, baseURL: string, method: string, pattern: string, namespace: string) {
  const builder = NAMESPACE_IN_BODY[`${method} ${pattern}`];
  const custom = builder ? builder(namespace) : undefined;
  // Same-origin, as the app's pages call them (routes may refuse cross-site requests first).
  const headers: Record<string, string> = { origin: baseURL, "sec-fetch-site": "same-origin" };
  if (!custom?.multipart) headers["content-type"] = "application/json";
  return request.fetch(fill(pattern, namespace), {
    method,
    maxRedirects: 0,
    headers,
    ...(custom ?? { data: method === "GET" || method === "DELETE" ? undefined : "{}" }),
  });
}

test.describe("route handlers", () => {
  test("the route list is not empty (discovery works)", () => {
    expect(routeCases.length).toBeGreaterThan(0);
  });

  for (const { pattern, method } of routeCases) {
    test(`${method} ${pattern}: unauthenticated → 401`, async ({ playwright, baseURL }) => {
      const anonymous = await playwright.request.newContext({ baseURL });
      const res = await call(anonymous, baseURL ?? "", method, pattern, LOCAL_USER);
      expect(res.status()).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
      await anonymous.dispose();
    });

    if (pattern.includes("[namespace]") || NAMESPACE_IN_BODY[`${method} ${pattern}`]) {
      test(`${method} ${pattern}: a namespace the user is not in → 403`, async ({ signedInPage: page, baseURL }) => {
        const res = await call(page.request, baseURL ?? "", method, pattern, "someone-else");
        expect(res.status()).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
      });
    }
  }
});

test.describe("the token and secrets stay on the server", () => {
  test.beforeAll(async ({ browser }) => {
    // Submit a well-formed but unknown token: it must not be echoed anywhere afterwards.
    const page = await browser.newPage();
    const rejected = `hf_${randomBytes(20).toString("hex")}`;
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submitToken(rejected);
    await expect(signIn.alert).toBeVisible();
    expect(await page.content()).not.toContain(rejected);
    SUBMITTED_SECRETS.push(rejected);
    await page.close();
  });

  test("/api/auth/session has no token", async ({ signedInPage: page, hubToken }) => {
    const text = await (await page.request.get("/api/auth/session")).text();
    expect(text).toContain(LOCAL_USER);
    expect(text).not.toContain(hubToken);
    expect(text).not.toMatch(/hf_[A-Za-z0-9]{8,}/);
  });

  test("the HTML and JS of every page contain neither the token nor a submitted secret", async ({ signedInPage: page, hubToken, baseURL }) => {
    const paths: string[] = [];
    for (const pattern of pagePatterns) {
      if (PAGE_SKIP.has(pattern)) continue;
      if (!pattern.includes("[")) paths.push(pattern);
      else if (PAGE_EXAMPLES[pattern]) {
        const example = PAGE_EXAMPLES[pattern];
        paths.push(typeof example === "string" ? example : await example({ page, baseURL: baseURL ?? "" }));
      }
    }
    expect(paths).toContain("/sign-in");
    const secrets = [hubToken, ...SUBMITTED_SECRETS];
    const scripts = new Set<string>();
    for (const path of paths) {
      const res = await page.request.get(path);
      const html = await res.text();
      for (const secret of secrets) expect(html, `${path} HTML`).not.toContain(secret);
      for (const m of html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.js)"/g)) scripts.add(m[1]);
    }
    expect(scripts.size).toBeGreaterThan(0);
    for (const script of scripts) {
      const js = await (await page.request.get(script)).text();
      for (const secret of secrets) expect(js, script).not.toContain(secret);
    }
    // and the rendered pages, after hydration
    for (const path of paths) {
      await page.goto(path);
      const content = await page.content();
      for (const secret of secrets) expect(content, `${path} DOM`).not.toContain(secret);
    }
  });
});

test.describe("user-controlled text renders as text", () => {
  for (const { name, open } of XSS_CASES) {
    test(name, async ({ signedInPage: page, baseURL }) => {
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await open(page, baseURL ?? "");
      await expect(page.locator('img[src="x"]')).toHaveCount(0);
      expect(dialogs).toEqual([]);
    });
  }
});
