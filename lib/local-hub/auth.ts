import type { Context, MiddlewareHandler } from "hono";
import { hubError } from "./errors";
import type { HubContext } from "./context";
import type { HubEnv } from "./hub-env";
import type { Account, TokenRecord } from "./store/identity";
import { oauthTokenScopes } from "./store/oauth";

/** The authenticated caller of a request. */
export interface Caller {
  user: Account;
  orgs: Account[];
  token: TokenRecord;
  /** The scopes of an OAuth access token (routes/oauth.ts token endpoint); null for access tokens. */
  scopes: string[] | null;
}

/**
 * Reads `Authorization: Bearer <token>`. No header → `null` (anonymous). A header with an unknown,
 * expired or malformed token → 401 in the Hub's format, as the Hub does even on public routes.
 * @throws HubError 401
 */
export function getCaller(ctx: HubContext, c: Context): Caller | null {
  // Read once per request: a guard (jobsScopeGuard) and the route both ask for it.
  const known = callersOfRequests.get(c.req.raw);
  if (known && known.ctx === ctx) return known.caller;
  const caller = readCaller(ctx, c);
  callersOfRequests.set(c.req.raw, { ctx, caller });
  return caller;
}

/** The caller already read for a request (a 401 is never kept: it is thrown again). */
const callersOfRequests = new WeakMap<Request, { ctx: HubContext; caller: Caller | null }>();

function readCaller(ctx: HubContext, c: Context): Caller | null {
  const header = c.req.header("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const record = match ? ctx.identity.token(match[1]) : null;
  if (!record) throw hubError(401, "Invalid credentials in Authorization header");
  const user = ctx.identity.account(record.userName);
  if (!user) throw hubError(401, "Invalid credentials in Authorization header");
  const scopes = record.kind === "oauth" ? oauthTokenScopes(ctx.db, record.token) ?? [] : null;
  return { user, orgs: ctx.identity.orgsOf(user.name), token: record, scopes };
}

/** Like {@link getCaller} but anonymous callers get 401. @throws HubError 401 */
export function requireCaller(ctx: HubContext, c: Context): Caller {
  const caller = getCaller(ctx, c);
  if (!caller) throw hubError(401, "You must be authenticated to access this resource");
  return caller;
}

/** True when `namespace` is the caller's own name or one of their orgs. */
export function isMemberOf(caller: Caller | null, namespace: string): boolean {
  if (!caller) return false;
  return caller.user.name === namespace || caller.orgs.some((o) => o.name === namespace);
}

/** True when the caller may write in `namespace`: a member, with a token whose role is not `read`. */
export function canWrite(caller: Caller | null, namespace: string): boolean {
  return isMemberOf(caller, namespace) && caller?.token.role !== "read";
}

/**
 * Enforces write access to a namespace.
 * @throws HubError 401 (anonymous), 403 (not a member, or a read token)
 */
export function requireWrite(ctx: HubContext, c: Context, namespace: string): Caller {
  const caller = requireCaller(ctx, c);
  if (!isMemberOf(caller, namespace)) throw hubError(403, `You don't have access to namespace "${namespace}"`);
  if (caller.token.role === "read") throw hubError(403, "This action needs a token with write access; your token is read-only");
  return caller;
}

/**
 * What an OAuth token's scopes allow on repos (hub-docs `oauth.md`, specs/hub-jobs-2x.md "OAuth scopes"):
 * `read` private repos needs `read-repos`, `write-repos` or `manage-repos`; `write` (commit, settings,
 * uploads) `write-repos` or `manage-repos`; `manage` (create, delete) `manage-repos`. Public repos are read
 * by anyone, with any token. Access tokens (`scopes` null) keep their role's rights.
 */
export function repoScopeAllows(caller: Caller | null, need: "read" | "write" | "manage"): boolean {
  if (!caller || caller.scopes === null) return true;
  const has = (s: string) => caller.scopes?.includes(s) === true;
  if (has("manage-repos")) return true;
  if (need === "manage") return false;
  if (has("write-repos")) return true;
  return need === "read" && has("read-repos");
}

/**
 * Hono middleware for the jobs areas (`/api/jobs`, `/api/scheduled-jobs`; not the public hardware
 * list): an OAuth token needs the `jobs` scope there (hub-docs `oauth.md` "jobs: run jobs";
 * specs/hub-jobs-2x.md "OAuth scopes"). Access tokens keep their role's rights; no token is left to
 * the routes (401 where they need one).
 * @throws HubError 403 for an OAuth token without `jobs`
 */
export function jobsScopeGuard(ctx: HubContext): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const caller = getCaller(ctx, c);
    if (caller && caller.scopes !== null && !caller.scopes.includes("jobs")) {
      throw hubError(403, "This OAuth token was not granted the scope to run jobs (needs jobs)");
    }
    await next();
  };
}

/**
 * Enforces {@link repoScopeAllows}.
 * @throws HubError 403 naming the scopes that would allow it
 */
export function requireRepoScope(caller: Caller | null, need: "read" | "write" | "manage"): void {
  if (repoScopeAllows(caller, need)) return;
  const wanted = need === "manage" ? "manage-repos" : need === "write" ? "write-repos or manage-repos" : "read-repos, write-repos or manage-repos";
  throw hubError(403, `This OAuth token was not granted the scope to ${need} repos (needs ${wanted})`);
}
