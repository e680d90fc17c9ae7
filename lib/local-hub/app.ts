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
import { bucketMoveRoutes } from "./routes/bucket-move";
import { oauthRoutes, oauthTestRoutes, oidcDiscoveryRoutes } from "./routes/oauth";
import { avatarRoutes, pageRoutes } from "./routes/pages";
import { lfsUploadRoutes, repoFileRoutes } from "./routes/repo-files";
import { repoAdminRoutes, repoApiRoutes } from "./routes/repos";
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
    // before every route under /__test, routes/oauth.ts's own included
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
  mountAreas(app, ctx, controls, async () => {
    for (const fn of resetHooks) await fn();
  });

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

/**
 * Mounts every route area under its own prefix (one sub-app per area, Hono's `app.route`). Where two
 * areas share a prefix, Hono runs the matching handlers in the order they were registered, so the order
 * here is the precedence: `/api/jobs/hardware` (the flavors) comes before the jobs area, whose
 * `/api/jobs/:ns` would otherwise take "hardware" for a namespace (mounts.test.ts checks both).
 * `/api/repos` holds the bucket move and the repo create/delete (distinct paths). Repo files live at
 * `/{ns}/{name}/resolve/…` for models, so that area is mounted at `/` last, after every prefixed area
 * (`/buckets/{ns}/resolve/resolve/…` is a bucket file, `/datasets/{ns}/{name}/resolve/…` a dataset's,
 * `/api/models/{ns}/{name}` a model's info), and after `/datasets` and `/spaces` (mounts.test.ts).
 */
function mountAreas(app: Hono<HubEnv>, ctx: HubContext, controls: TestControls | null, reset: () => Promise<void>): void {
  app.route("/api/whoami-v2", whoamiRoutes(ctx));
  app.route("/.well-known", oidcDiscoveryRoutes());
  app.route("/oauth", oauthRoutes(ctx));
  app.route("/api/jobs/hardware", hardwareRoutes(ctx));
  app.route("/api/jobs", jobRoutes(ctx));
  app.route("/api/scheduled-jobs", scheduledJobRoutes(ctx));
  app.route("/api/buckets", bucketRoutes(ctx));
  app.route("/api/repos", bucketMoveRoutes(ctx));
  app.route("/api/repos", repoAdminRoutes(ctx));
  app.route("/api/models", repoApiRoutes(ctx, "model"));
  app.route("/api/datasets", repoApiRoutes(ctx, "dataset"));
  app.route("/api/spaces", repoApiRoutes(ctx, "space"));
  app.route("/api/lfs-upload", lfsUploadRoutes(ctx));
  app.route("/cas", casRoutes(ctx));
  // `/buckets/{ns}/{name}/resolve/…` (files) and the folder pages share `/buckets`; their paths do not overlap.
  app.route("/buckets", resolveRoutes(ctx));
  app.route("/buckets", pageRoutes(ctx));
  app.route("/avatars", avatarRoutes());
  if (controls) {
    app.route("/__test/oauth", oauthTestRoutes(ctx));
    app.route("/__test", testControlRoutes(ctx, controls, reset));
  }
  app.route("/datasets", repoFileRoutes(ctx, "dataset"));
  app.route("/spaces", repoFileRoutes(ctx, "space"));
  app.route("/", repoFileRoutes(ctx, "model"));
}
