import "server-only";
import { whoAmI as libWhoAmI } from "@huggingface/hub";
import type { ApiWhoAmI } from "./api-types";
import type { HubCall } from "./credentials";
import { tokenKey, TtlCache } from "./ttl-cache";

/** The whoami answer as @huggingface/hub returns it. */
export type WhoAmIResult = ApiWhoAmI;

/**
 * `GET /api/whoami-v2` (specs/hub-jobs-api.md §3), uncached: for checking a token right now (sign-in,
 * the sign-out page). Everything else uses {@link cachedWhoAmI}.
 * @throws HubApiError (401 invalid/revoked token, 429), TypeError for a token not starting with `hf_`, network errors
 */
export function whoAmI(params: HubCall): Promise<WhoAmIResult> {
  return libWhoAmI({ hubUrl: params.hubUrl, accessToken: params.accessToken, fetch: params.fetch });
}

/**
 * whoami per token, 5 minutes: `/api/whoami-v2` is strictly rate-limited (specs/hub-jobs-api.md §3,
 * §10) and the Python client re-calls it on every jobs call; the app calls it once per token.
 */
const whoamiCache = new TtlCache<WhoAmIResult>(5 * 60_000);

/**
 * `GET /api/whoami-v2` through @huggingface/hub's `whoAmI`, cached per (hubUrl, token hash).
 * @throws HubApiError (401 for a bad token — nothing is cached then)
 */
export async function cachedWhoAmI(params: { hubUrl: string; accessToken: string; fetch?: typeof fetch }): Promise<WhoAmIResult> {
  const hubUrl = params.hubUrl;
  const key = `${hubUrl}|${await tokenKey(params.accessToken)}`;
  const hit = whoamiCache.get(key);
  if (hit) return hit;
  const me = await libWhoAmI({ hubUrl, accessToken: params.accessToken, fetch: params.fetch });
  whoamiCache.set(key, me);
  return me;
}

/** Drops the cached identity of a token (sign-out, or a 401 seen elsewhere). */
export async function forgetWhoAmI(params: { hubUrl: string; accessToken: string }): Promise<void> {
  whoamiCache.delete(`${params.hubUrl}|${await tokenKey(params.accessToken)}`);
}
