import { timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { HubContext } from "./context";
import { hubError } from "./errors";
import type { HubEnv } from "./hub-env";
import { isoNow, newToken } from "./ids";

/** One injected fault: the next `count` requests matching `method` + `path` fail as `kind`. */
export interface Fault {
  /** HTTP method, or undefined for any */
  method?: string;
  /** path glob: `*` matches one path segment, `**` any number of them; e.g. `/api/buckets/*\/*\/batch` */
  path: string;
  count: number;
  /**
   * `500`: a Hub-shaped 500; `drop`: the TCP connection is destroyed without a response;
   * `drop-after`: the request is handled (a job is created…) and then the connection is destroyed
   * before the answer is sent, as when a proxy or the network loses the answer;
   * `freeze`: the request hangs with no answer until the faults are cleared (then it is dropped), as
   * a frozen Hub would.
   */
  kind: "500" | "drop" | "drop-after" | "freeze";
}

/** One served request, as counted for tests and benchmarks. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  at: number;
}

const faultSchema = z.object({
  method: z.string().toUpperCase().optional(),
  path: z.string().startsWith("/"),
  count: z.number().int().positive().default(1),
  kind: z.enum(["500", "drop", "drop-after", "freeze"]).default("500"),
});

/** A promise and its resolver (Promise.withResolvers needs Node 22; engines say 20.19). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("/")
    .map((seg) => (seg === "**" ? ".*" : seg.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")))
    .join("/");
  return new RegExp(`^${body}$`);
}

/**
 * Test-only state: injected faults and a log of served requests. Faults never fake a result: they
 * only make a request fail, as a flaky network or server would.
 */
export class TestControls {
  private faults: (Fault & { re: RegExp })[] = [];
  readonly requests: RequestRecord[] = [];
  /** releases the requests held by `freeze` faults; replaced on every clear() */
  private thaw = deferred();

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, re: globToRegExp(fault.path) });
  }

  clear(): void {
    this.faults = [];
    this.requests.length = 0;
    this.thaw.resolve();
    this.thaw = deferred();
  }

  /** Consumes and returns the fault for this request, if any. */
  take(method: string, path: string): Fault | null {
    const f = this.faults.find((x) => (!x.method || x.method === method) && x.re.test(path));
    if (!f) return null;
    f.count -= 1;
    if (f.count <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  /** Middleware: counts requests and applies faults. Mounted first. */
  middleware(): MiddlewareHandler<HubEnv> {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      const fault = path.startsWith("/__test/") ? null : this.take(c.req.method, path);
      const drop = () => {
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
        if (socket) socket.destroy();
        else throw new TypeError("fetch failed: connection dropped by test fault");
        return new Response(null, { status: 500 });
      };
      if (fault?.kind === "drop") return drop();
      if (fault?.kind === "freeze") {
        await this.thaw.promise;
        return drop();
      }
      if (fault?.kind === "500") throw hubError(500, "Internal Server Error (injected by test controls)");
      await next();
      if (fault?.kind === "drop-after") {
        this.requests.push({ method: c.req.method, path, status: c.res.status, at: Date.now() });
        c.res = drop();
        return;
      }
      if (!path.startsWith("/__test/")) {
        this.requests.push({ method: c.req.method, path, status: c.res.status, at: Date.now() });
        if (this.requests.length > 50_000) this.requests.splice(0, 10_000);
      }
    };
  }
}

/**
 * Guard for every `/__test/*` route (this file's and `routes/oauth.ts`'s): the request must carry
 * `Authorization: Bearer <the Hub's primary token>` (`ctx.token`, kept in `{dir}/token` mode 0600, which
 * a sandboxed job cannot read). Jobs share the host network by default, so an open route would let any
 * job mint an admin token for any user. Mount before any route that serves `/__test/*`.
 * @throws HubError 401 (Hub-shaped) when the header is missing, malformed or holds another token
 */
export function requirePrimaryToken(ctx: HubContext): MiddlewareHandler<HubEnv> {
  const expected = Buffer.from(ctx.token);
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    const given = Buffer.from(match ? match[1] : "");
    // constant-time compare, so the token does not leak through response timing
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw hubError(401, "Test controls require the local Hub's primary token in the Authorization header");
    }
    await next();
  };
}

/**
 * `/__test/*` routes, mounted only with `testControls`:
 * - `POST /__test/reset` wipes buckets, jobs and schedules (identity stays);
 * - `POST /__test/faults` `{method?, path, count?, kind?}` injects a fault (`kind`: `500`, `drop`,
 *   `drop-after`, `freeze`, see {@link Fault}); `DELETE /__test/faults` clears them and lets frozen
 *   requests go (dropped);
 * - `POST /__test/users` `{name, role?, orgs?}` creates another user, a member of `orgs` only (existing
 *   orgs, e.g. `["local-org"]`; default none) → `{name, token}`;
 * - `POST /__test/tokens` `{user?, role}` mints a token for a user (default: primary) → `{token}`;
 * - `POST /__test/tokens/revoke` `{token}` revokes a token (as a user deleting it in their settings);
 * - `GET /__test/requests` → `RequestRecord[]`; `DELETE /__test/requests` empties the log.
 *
 * Every route is guarded by {@link requirePrimaryToken}, which app.ts mounts on `/__test/*`.
 */
export function testControlRoutes(ctx: HubContext, controls: TestControls, reset: () => Promise<void>): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.post("/reset", async (c) => {
    controls.clear();
    await reset();
    return c.json({ ok: true });
  });
  app.post("/faults", async (c) => {
    const parsed = faultSchema.safeParse(await c.req.json());
    if (!parsed.success) throw hubError(400, `Invalid fault: ${parsed.error.message}`);
    controls.addFault(parsed.data);
    return c.json({ ok: true });
  });
  app.delete("/faults", (c) => {
    controls.clear();
    return c.json({ ok: true });
  });
  app.post("/users", async (c) => {
    const body = z
      .object({
        name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,40}$/),
        role: z.enum(["read", "write", "admin"]).default("write"),
        orgs: z.array(z.string().min(1)).max(10).default([]),
      })
      .safeParse(await c.req.json());
    if (!body.success) throw hubError(400, `Invalid user: ${body.error.message}`);
    for (const org of body.data.orgs) {
      if (ctx.identity.account(org)?.type !== "org") throw hubError(404, `No org ${org}`);
    }
    ctx.identity.ensureAccount(body.data.name, "user");
    for (const org of body.data.orgs) ctx.identity.addMember(body.data.name, org);
    const token = newToken("hf_");
    ctx.identity.putToken({
      token, userName: body.data.name, role: body.data.role, displayName: "test", kind: "access_token",
      createdAt: isoNow(), expiresAt: null,
    });
    return c.json({ name: body.data.name, token });
  });
  app.post("/tokens", async (c) => {
    const body = z
      .object({ user: z.string().optional(), role: z.enum(["read", "write", "admin"]) })
      .safeParse(await c.req.json());
    if (!body.success) throw hubError(400, `Invalid token request: ${body.error.message}`);
    const userName = body.data.user ?? ctx.user.name;
    if (!ctx.identity.account(userName)) throw hubError(404, `No user ${userName}`);
    const token = newToken("hf_");
    ctx.identity.putToken({
      token, userName, role: body.data.role, displayName: `test-${body.data.role}`, kind: "access_token",
      createdAt: isoNow(), expiresAt: null,
    });
    return c.json({ token });
  });
  app.post("/tokens/revoke", async (c) => {
    const body = z.object({ token: z.string().min(1) }).safeParse(await c.req.json());
    if (!body.success) throw hubError(400, `Invalid revoke request: ${body.error.message}`);
    ctx.identity.revokeToken(body.data.token);
    return c.json({ ok: true });
  });
  app.get("/requests", (c) => c.json(controls.requests));
  app.delete("/requests", (c) => {
    controls.requests.length = 0;
    return c.json({ ok: true });
  });
  return app;
}
