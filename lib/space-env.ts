/**
 * What a Hugging Face Space with `hf_oauth: true` provides, mapped onto the variables the app reads.
 *
 * A Docker Space sets (hub-docs `spaces-oauth.md`, "Create an OAuth app"; `spaces-overview.md`,
 * "Helper environment variables"):
 * - `OAUTH_CLIENT_ID`, `OAUTH_CLIENT_SECRET`: the OAuth app the Hub created for the Space;
 * - `OAUTH_SCOPES`: the scopes that app may ask for (`openid profile` + the README's `hf_oauth_scopes`);
 * - `OPENID_PROVIDER_URL`: the Hub (`https://huggingface.co`), whose OpenID metadata is at
 *   `{OPENID_PROVIDER_URL}/.well-known/openid-configuration`;
 * - `SPACE_HOST`: the Space's own host name (`{owner}-{space}.hf.space`), served over https.
 *
 * Pure (takes the environment as a value, reads nothing itself) so that `lib/env.ts` (the app) and
 * `scripts/start.mjs` (the container's command, which must hand Auth.js its `AUTH_URL`) share it.
 * No `server-only`: start.mjs loads it outside Next.
 */

/** An environment as `process.env` holds it. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

/** The variables {@link spaceEnvDefaults} may fill in. */
export interface SpaceDefaults {
  /** from `OPENID_PROVIDER_URL`: the Hub the app talks to is the Hub that signs users in */
  HF_HUB_URL?: string;
  /** from `SPACE_HOST`: `https://${SPACE_HOST}`, the public URL Auth.js builds its redirect URL from */
  AUTH_URL?: string;
  /** from `OAUTH_CLIENT_ID` */
  AUTH_HUGGINGFACE_ID?: string;
  /** from `OAUTH_CLIENT_SECRET` */
  AUTH_HUGGINGFACE_SECRET?: string;
}

const set = (v: string | undefined): v is string => typeof v === "string" && v.trim() !== "";

/**
 * The app's variables derived from a Space's, for each one the environment does not set itself (an
 * explicit `HF_HUB_URL`, `AUTH_URL`, `AUTH_HUGGINGFACE_ID` or `AUTH_HUGGINGFACE_SECRET` always wins).
 * Outside a Space (none of the Space variables set) the result is `{}`.
 * @param raw the environment (e.g. `process.env`)
 * @returns only the variables to add; `HF_HUB_URL` and `AUTH_URL` without a trailing slash
 */
export function spaceEnvDefaults(raw: RawEnv): SpaceDefaults {
  const out: SpaceDefaults = {};
  if (!set(raw.HF_HUB_URL) && set(raw.OPENID_PROVIDER_URL)) out.HF_HUB_URL = raw.OPENID_PROVIDER_URL.trim().replace(/\/+$/, "");
  if (!set(raw.AUTH_URL) && set(raw.SPACE_HOST)) out.AUTH_URL = `https://${raw.SPACE_HOST.trim().replace(/\/+$/, "")}`;
  if (!set(raw.AUTH_HUGGINGFACE_ID) && set(raw.OAUTH_CLIENT_ID)) out.AUTH_HUGGINGFACE_ID = raw.OAUTH_CLIENT_ID.trim();
  if (!set(raw.AUTH_HUGGINGFACE_SECRET) && set(raw.OAUTH_CLIENT_SECRET)) out.AUTH_HUGGINGFACE_SECRET = raw.OAUTH_CLIENT_SECRET.trim();
  return out;
}
