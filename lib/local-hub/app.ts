import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { HubContext, LocalHubOptions } from "./context";
import { HubError, hubErrorResponse } from "./errors";
import type { HubEnv } from "./hub-env";
import { isoNow, newToken } from "./ids";
import { bucketRoutes } from "./routes/buckets";
import { casRoutes } from "./routes/cas";
import { hardwareRoutes } from "./routes/hardware";
import { jobRoutes } from "./routes/jobs";
import { oauthRoutes } from "./routes/oauth";
import { pageRoutes } from "./routes/pages";
import { repoRoutes } from "./routes/repos";
import { resolveRoutes } from "./routes/resolve";
import { scheduledJobRoutes } from "./routes/scheduled-jobs";
import { bodyLimitFor } from "./runner/spec-limits";
import { whoamiRoutes } from "./routes/whoami";
import { openDb } from "./store/db";
import { IdentityStore } from "./store/identity";
import { requirePrimaryToken, TestControls, testControlRoutes } from "./test-controls";

export type { LocalHubOptions } from "./context";

/** The organisation the local user belongs to. */
export const LOCAL_ORG = "local-org";

/** A built local Hub: a web-standard `fetch` handler plus its lifecycle. */
export interface LocalHub {
  /** Hono app; `app.fetch(request)` or `app.request(path, init)` serves without a port. */
  app: Hono<HubEnv>;
  /** the primary user's token (`hf_…`) */
  token: string;
  /** the primary user's name */
  user: string;
  ctx: HubContext;
  /** present when built with `testControls` */
  controls: TestControls | null;
  /** Stops timers and kills running job processes; closes SQLite. Idempotent. */
  close(): Promise<void>;
}

function resolveToken(options: LocalHubOptions): string {
  const file = join(options.dir, "token");
  const token =
    options.token ?? process.env.LOCAL_HUB_TOKEN ?? (existsSync(file) ? readFileSync(file, "utf8").trim() : newToken("hf_"));
  if (!token.startsWith("hf_")) throw new Error("LOCAL_HUB_TOKEN must start with hf_ (the Hub clients refuse other tokens)");
  writeFileSync(file, token + "\n", { mode: 0o600 });
  return token;
}

/**
 * Builds the local Hub without listening: state under `options.dir` (SQLite `hub.sqlite`, `token`,
 * `oauth-client.json`, bucket trees, job logs), the primary user (`LOCAL_HUB_USER`, default
 * `local-user`) in org `local-org`, and every route area mounted with `app.route`.
 * @throws Error when the token does not start with `hf_`
 */
export function createLocalHub(options: LocalHubOptions): LocalHub {
  mkdirSync(options.dir, { recursive: true });
  const db = openDb(options.dir);
  const identity = new IdentityStore(db);
  const userName = options.user ?? process.env.LOCAL_HUB_USER ?? "local-user";
  const user = identity.ensureAccount(userName, "user", "Local User");
  const org = identity.ensureAccount(LOCAL_ORG, "org", "Local Org");
  identity.addMember(user.name, org.name);
  const token = resolveToken(options);
  if (identity.token(token)?.userName !== user.name) {
    identity.putToken({
      token, userName: user.name, role: "write", displayName: "local-hub", kind: "access_token",
      createdAt: isoNow(), expiresAt: null,
    });
  }

  const resetHooks: (() => void | Promise<void>)[] = [];
  const closeHooks: (() => void | Promise<void>)[] = [];
  const ctx: HubContext = {
    dir: options.dir, db, identity, user, org, token, options,
    onReset: (fn) => resetHooks.push(fn),
    onClose: (fn) => closeHooks.push(fn),
  };

  const app = new Hono<HubEnv>();
  app.use(async (c, next) => {
    const requestId = `Root=1-${randomBytes(12).toString("hex")}`;
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("X-Request-Id", requestId);
  });
  // Every route has a body limit (issue 9, item 5): 413 in the Hub's error shape, naming it.
  app.use(async (c, next) => {
    const max = bodyLimitFor(c.req.method, new URL(c.req.url).pathname);
    if (max === 0) return next();
    const tooLarge = () => new HubError(413, `The request body is larger than the local Hub's limit of ${max} bytes for this route`);
    // Decided from Content-Length without touching the body stream: the server can then drain it and keep
    // the connection usable (a created-but-unread stream makes it drop the socket).
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(declared) > max) throw tooLarge();
      return next();
    }
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw tooLarge();
      },
    })(c, next);
  });
  const controls = options.testControls ? new TestControls() : null;
  if (controls) {
    app.use(controls.middleware());
    // before every route: routes/oauth.ts serves a `/__test/*` route of its own
    app.use("/__test/*", requirePrimaryToken(ctx));
  }

  app.onError((err, c) => {
    if (err instanceof HubError) return hubErrorResponse(err, c.get("requestId"));
    if (err instanceof TypeError && err.message.startsWith("fetch failed: connection dropped")) throw err;
    console.error("[local-hub] unhandled error", err);
    return hubErrorResponse(new HubError(500, "Internal Server Error"), c.get("requestId"));
  });
  app.notFound((c) =>
    hubErrorResponse(new HubError(404, `Cannot ${c.req.method} ${new URL(c.req.url).pathname}`), c.get("requestId")),
  );

  app.get("/api/health", (c) => c.json({ ok: true }));
  app.route("/", whoamiRoutes(ctx));
  app.route("/", oauthRoutes(ctx));
  app.route("/", hardwareRoutes(ctx));
  app.route("/", jobRoutes(ctx));
  app.route("/", scheduledJobRoutes(ctx));
  app.route("/", bucketRoutes(ctx));
  app.route("/", casRoutes(ctx));
  app.route("/", resolveRoutes(ctx));
  // after the bucket routes: `/buckets/{ns}/resolve/resolve/…` is a bucket file, not a model's
  app.route("/", repoRoutes(ctx));
  app.route("/", pageRoutes(ctx));
  if (controls) {
    app.route("/", testControlRoutes(ctx, controls, async () => {
      for (const fn of resetHooks) await fn();
    }));
  }

  let closed = false;
  return {
    app, token, user: user.name, ctx, controls,
    async close() {
      if (closed) return;
      closed = true;
      for (const fn of closeHooks.reverse()) await fn();
      db.close();
    },
  };
}
