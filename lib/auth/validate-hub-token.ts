import "server-only";
import { hubErrorStatus } from "@/lib/hub/hub-api-error";
import { whoAmI, type WhoAmIResult } from "@/lib/hub/who-am-i";
import type { HubSessionClaims } from "./hub-session-claims";

/** The message shown for a read-only token (issue 5, item 2). */
export const READ_ONLY_TOKEN_MESSAGE = "This token is read-only; jobs-studio needs a token with write access.";

/** Outcome of {@link validateHubToken}: the session claims, or a sentence the user can act on. */
export type TokenValidation = { ok: true; claims: HubSessionClaims } | { ok: false; message: string };

/** Makes a Hub-relative avatar path (`/avatars/…`, as whoami returns it) absolute. */
export function absoluteAvatar(hubUrl: string, avatarUrl: string | undefined): string | undefined {
  if (!avatarUrl) return undefined;
  return URL.canParse(avatarUrl) ? avatarUrl : new URL(avatarUrl, `${hubUrl}/`).toString();
}

/**
 * Checks a pasted Hub token with `whoAmI` (`GET /api/whoami-v2`, specs/hub-jobs-api.md §3) and turns it
 * into session claims: the user's name, avatar, and namespaces (own name, then `orgs[].name`).
 * Refuses, with a message: an empty or non-`hf_` value (the JS client would throw a TypeError), a 401
 * (invalid/revoked), a token that is not a user's (org/app tokens), and a `read` role. Fine-grained
 * tokens (`role: "fineGrained"`, not modelled by the client, §3) are accepted; the Hub then decides per call.
 * Never throws for expected failures; the token never appears in a message.
 */
export async function validateHubToken(params: {
  hubUrl: string;
  accessToken: string;
  fetch?: typeof fetch;
}): Promise<TokenValidation> {
  const token = params.accessToken.trim();
  if (!token) return { ok: false, message: "Paste an access token." };
  if (!token.startsWith("hf_")) return { ok: false, message: "A Hugging Face access token starts with hf_." };
  let me: WhoAmIResult;
  try {
    me = await whoAmI({ accessToken: token, hubUrl: params.hubUrl, fetch: params.fetch });
  } catch (error) {
    const status = hubErrorStatus(error);
    if (status !== null) {
      if (status === 401) return { ok: false, message: "This token is invalid, expired or revoked." };
      if (status === 429) return { ok: false, message: "The Hub is rate-limiting sign-ins; try again in a minute." };
      return { ok: false, message: `The Hub could not check this token (HTTP ${status}).` };
    }
    return { ok: false, message: `Could not reach the Hub at ${params.hubUrl}.` };
  }
  if (me.type !== "user") return { ok: false, message: "This is not a user access token; paste a token from your account settings." };
  if (me.auth.accessToken?.role === "read") return { ok: false, message: READ_ONLY_TOKEN_MESSAGE };
  const expiresAt = me.auth.expiresAt ? me.auth.expiresAt.getTime() : null;
  return {
    ok: true,
    claims: {
      hfToken: token,
      hfTokenExpiresAt: expiresAt,
      hubUser: { name: me.name, fullname: me.fullname, avatarUrl: absoluteAvatar(params.hubUrl, me.avatarUrl) },
      namespaces: [me.name, ...me.orgs.map((o) => o.name).filter((n) => n !== me.name)],
      via: "token",
    },
  };
}
