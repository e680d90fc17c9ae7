import type { Context } from "hono";
import { hubError } from "./errors";
import type { HubContext } from "./context";
import type { Account, TokenRecord } from "./store/identity";

/** The authenticated caller of a request. */
export interface Caller {
  user: Account;
  orgs: Account[];
  token: TokenRecord;
}

/**
 * Reads `Authorization: Bearer <token>`. No header → `null` (anonymous). A header with an unknown,
 * expired or malformed token → 401 in the Hub's format, as the Hub does even on public routes.
 * @throws HubError 401
 */
export function getCaller(ctx: HubContext, c: Context): Caller | null {
  const header = c.req.header("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const record = match ? ctx.identity.token(match[1]) : null;
  if (!record) throw hubError(401, "Invalid credentials in Authorization header");
  const user = ctx.identity.account(record.userName);
  if (!user) throw hubError(401, "Invalid credentials in Authorization header");
  return { user, orgs: ctx.identity.orgsOf(user.name), token: record };
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
