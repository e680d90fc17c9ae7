import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { setHubSessionForTests, type HubSession } from "./session";
import { fakeHubToken } from "@/test-support/fake-token";

/**
 * Issue 5, item 4: every server action and route handler checks the session first (401-equivalent) and
 * the namespace (403-equivalent), through `authorize()`. Data-driven and self-enforcing:
 *
 * - SERVER ACTIONS: every export of every `"use server"` module under app/, lib/, components/ must be
 *   listed in {@link ACTION_CASES} (how to call it for a namespace) or in {@link EXEMPT_ACTIONS} (with a
 *   reason). A new action without an entry fails "every server action is listed". Each listed action
 *   is called signed out (→ `{ok:false, error:{code:"unauthenticated"}}`) and signed in for a namespace
 *   the user is not in (→ `forbidden`). Set `namespaced: false` for actions without a namespace.
 * - ROUTE HANDLERS: every GET/POST/PUT/PATCH/DELETE exported by `app/api/**\/route.ts`, except
 *   {@link PUBLIC_ROUTES}, is called directly (bypassing proxy.ts, so the handler's own check is what
 *   is tested): signed out → 401 `unauthenticated`; with a `[namespace]` segment set to a foreign
 *   namespace → 403 `forbidden`. Segment values come from {@link SEGMENT_EXAMPLES}.
 * The session used points at an unreachable Hub: a handler that skipped the check would call it and
 * answer something other than 401/403.
 */

const ROOT = join(__dirname, "..", "..");

/** How to call each server action for a namespace: `"<file>#<export>": (ns) => args`. */
const ACTION_CASES: Record<string, { args: (namespace: string) => unknown[]; namespaced?: boolean }> = {
  "lib/jobs/actions.ts#cancelJobAction": { args: (namespace) => [{ namespace, jobId: "0123456789abcdef01234567" }] },
  "lib/jobs/actions.ts#duplicateJobAction": { args: (namespace) => [{ namespace, jobId: "0123456789abcdef01234567" }] },
  "lib/jobs/actions.ts#cancelGroupAction": { args: (namespace) => [{ namespace, group: "g-0123456789abcdef" }] },
  "lib/jobs/actions.ts#editScheduledJobAction": {
    args: (namespace) => [{ namespace, scheduledJobId: "0123456789abcdef01234567", cron: "@daily", timeZone: "UTC", concurrency: false, secrets: {} }],
  },
  "lib/jobs/actions.ts#suspendScheduledJobAction": { args: (namespace) => [{ namespace, scheduledJobId: "0123456789abcdef01234567" }] },
  "lib/jobs/actions.ts#resumeScheduledJobAction": { args: (namespace) => [{ namespace, scheduledJobId: "0123456789abcdef01234567" }] },
  "lib/jobs/actions.ts#runScheduledJobNowAction": { args: (namespace) => [{ namespace, scheduledJobId: "0123456789abcdef01234567" }] },
  "lib/jobs/actions.ts#deleteScheduledJobAction": { args: (namespace) => [{ namespace, scheduledJobId: "0123456789abcdef01234567" }] },
};

/** Actions that run without a session, and why. */
const EXEMPT_ACTIONS: Record<string, string> = {
  "lib/auth/actions.ts#signInWithToken": "signs in: there is no session yet",
  "lib/auth/actions.ts#signInWithHuggingFace": "signs in: there is no session yet",
  "lib/auth/actions.ts#signOutAction": "signs out: harmless without a session",
};

/** Route handlers anyone may call, and why. */
const PUBLIC_ROUTES: Record<string, string> = {
  "app/api/health/route.ts": "liveness probe",
  "app/api/auth/[...nextauth]/route.ts": "Auth.js itself",
};

/** Example values for dynamic route segments; `namespace` is set per check. */
const SEGMENT_EXAMPLES: Record<string, string | string[]> = { id: "0123456789abcdef01234567" };

/**
 * Routes whose namespace travels in the body (or that need a particular body): `"<file>#<METHOD>"` →
 * the body for a namespace. Listed routes get the 403 check too. Default body: `{}` as JSON.
 */
const ROUTE_BODIES: Record<string, (namespace: string) => BodyInit> = {
  "app/api/launch/route.ts#POST": (namespace) => {
    const form = new FormData();
    form.set("input", JSON.stringify({ namespace, files: [{ path: "a.py", size: 8 }], script: "a.py" }));
    form.append("file", new File(["print(1)"], "a.py"));
    return form;
  },
};

const SESSION: HubSession = {
  hubUrl: "http://127.0.0.1:9",
  accessToken: fakeHubToken(),
  user: { name: "alice" },
  namespaces: ["alice", "alice-org"],
};

function walk(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "local-hub" || entry.startsWith(".")) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full, keep));
    else if (keep(full)) out.push(full);
  }
  return out;
}

const rel = (file: string) => relative(ROOT, file).split(sep).join("/");

/** Exported function names of a module, read from its source ("use server" modules export only async functions). */
function exportedNames(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^export\s+(?:async\s+function\*?|function\*?|const|let)\s+([A-Za-z0-9_$]+)/gm)].map((m) => m[1]);
}

const actionModules = ["app", "lib", "components"].flatMap((d) =>
  walk(join(ROOT, d), (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && /^\s*["']use server["']/.test(readFileSync(f, "utf8"))),
);
const routeFiles = walk(join(ROOT, "app", "api"), (f) => f.endsWith(`${sep}route.ts`)).filter((f) => !(rel(f) in PUBLIC_ROUTES));

type Fn = (...args: unknown[]) => Promise<unknown>;
async function exportsOf(file: string): Promise<Record<string, Fn>> {
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(mod).filter((e): e is [string, Fn] => typeof e[1] === "function"));
}

afterEach(() => setHubSessionForTests(undefined));

describe("server actions", () => {
  it("every server action is listed (ACTION_CASES or EXEMPT_ACTIONS)", async () => {
    expect(actionModules.map(rel)).toContain("lib/auth/actions.ts");
    const missing: string[] = [];
    for (const file of actionModules) {
      for (const name of exportedNames(file)) {
        const key = `${rel(file)}#${name}`;
        if (!(key in ACTION_CASES) && !(key in EXEMPT_ACTIONS)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  for (const [key, spec] of Object.entries(ACTION_CASES)) {
    const [file, name] = key.split("#");
    it(`${key}: signed out → unauthenticated`, async () => {
      const fn = (await exportsOf(join(ROOT, file)))[name];
      expect(fn, `${key} is not exported`).toBeTypeOf("function");
      setHubSessionForTests(null);
      expect(await fn(...spec.args("alice"))).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    });
    if (spec.namespaced !== false) {
      it(`${key}: a namespace the user is not in → forbidden`, async () => {
        const fn = (await exportsOf(join(ROOT, file)))[name];
        setHubSessionForTests(SESSION);
        expect(await fn(...spec.args("someone-else"))).toMatchObject({ ok: false, error: { code: "forbidden" } });
      });
    }
  }
});

describe("route handlers", () => {
  it("finds the route handlers", () => {
    expect(routeFiles.length).toBeGreaterThan(0);
  });

  for (const file of routeFiles) {
    const pattern = rel(file).replace(/^app/, "").replace(/\/route\.ts$/, "");
    const segments = [...pattern.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((m) => ({ name: m[2], catchAll: Boolean(m[1]) }));
    const bodyFor = (method: string) => ROUTE_BODIES[`${rel(file)}#${method}`];
    const namespaced = (method: string) => segments.some((s) => s.name === "namespace") || Boolean(bodyFor(method));
    const call = async (method: string, handler: Fn, namespace: string) => {
      const params: Record<string, string | string[]> = {};
      for (const s of segments) {
        const v = s.name === "namespace" ? namespace : (SEGMENT_EXAMPLES[s.name] ?? "example");
        params[s.name] = s.catchAll && !Array.isArray(v) ? [v] : v;
      }
      const path = pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_m, n: string) => [params[n]].flat().join("/"));
      const custom = bodyFor(method);
      const body = custom ? custom(namespace) : method === "GET" || method === "DELETE" ? undefined : "{}";
      // Same-origin, as the app's own pages call them (routes may refuse cross-site requests first).
      const headers: Record<string, string> = { origin: "http://localhost:3000", host: "localhost:3000", "sec-fetch-site": "same-origin" };
      if (typeof body === "string") headers["content-type"] = "application/json";
      const req = new NextRequest(`http://localhost:3000${path}`, { method, body, headers });
      return (await handler(req, { params: Promise.resolve(params) })) as Response;
    };

    const methods = exportedNames(file).filter((n) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(n));
    it(`${pattern} exports at least one handler`, () => expect(methods.length).toBeGreaterThan(0));
    for (const method of methods) {
      it(`${method} ${pattern}: signed out → 401${namespaced(method) ? ", foreign namespace → 403" : ""}`, async () => {
        const handler = (await exportsOf(file))[method];
        expect(handler, `${method} is not a function`).toBeTypeOf("function");
        setHubSessionForTests(null);
        const anon = await call(method, handler, "alice");
        expect(anon.status).toBe(401);
        expect(await anon.json()).toMatchObject({ error: { code: "unauthenticated" } });
        if (namespaced(method)) {
          setHubSessionForTests(SESSION);
          const foreign = await call(method, handler, "someone-else");
          expect(foreign.status).toBe(403);
          expect(await foreign.json()).toMatchObject({ error: { code: "forbidden" } });
        }
      });
    }
  }
});
