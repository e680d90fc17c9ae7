import "server-only";
import { z } from "zod";
import { spaceEnvDefaults, type RawEnv } from "./space-env";

/**
 * A Hub base URL as every Hub call pastes it: without trailing slashes (`https://hf.co/` → `https://hf.co`).
 * The one normaliser: `HF_HUB_URL` goes through it here, a session's `hubUrl` in lib/hub/credentials.ts.
 */
export function normalizeHubUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

const optional = z.string().trim().min(1).optional().catch(undefined);

const envSchema = z
  .object({
    /** The one switch: which Hub the app talks to. Local mode sets it to the embedded local Hub; a Space derives it from `OPENID_PROVIDER_URL`. */
    HF_HUB_URL: z.url().default("https://huggingface.co").transform(normalizeHubUrl),
    /** true when HF_HUB_URL points at the embedded local Hub (set by scripts/start.mjs) */
    LOCAL_HUB: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
    AUTH_SECRET: z.string().optional(),
    AUTH_URL: z.string().optional(),
    AUTH_HUGGINGFACE_ID: z.string().optional(),
    AUTH_HUGGINGFACE_SECRET: z.string().optional(),
    /** the app's own small state (the sign-out revocation record); default `<cwd>/.data` */
    APP_DATA_DIR: z.string().optional(),
    /** ms the app waits for the Hub's response headers before answering 504 (lib/hub/hub-fetch-timeout.ts) */
    HUB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** Set by a Hugging Face Space: its public host (`{owner}-{space}.hf.space`); the app then runs inside the Hub's iframe. */
    SPACE_HOST: optional,
    /** Set by a Space with `hf_oauth`: the scopes its OAuth app may ask for, space-separated. */
    OAUTH_SCOPES: optional,
  })
  .transform((e) => ({
    ...e,
    /** true in a Space served over https: Auth.js cookies must be `SameSite=None; Secure` to reach the app inside huggingface.co's iframe */
    crossSiteCookies: e.SPACE_HOST !== undefined && (e.AUTH_URL ?? "").startsWith("https://"),
  }));

/** Parsed environment. The only reader of `process.env` in the app (STYLE.md layout). */
export type Env = z.infer<typeof envSchema>;

/**
 * Parses an environment: the app's own variables, filled in from a Hugging Face Space's where unset
 * (lib/space-env.ts: `OPENID_PROVIDER_URL` → `HF_HUB_URL`, `SPACE_HOST` → `AUTH_URL`,
 * `OAUTH_CLIENT_ID`/`SECRET` → `AUTH_HUGGINGFACE_ID`/`SECRET`).
 * @throws ZodError naming the bad variable (e.g. an `HF_HUB_URL` that is not a URL)
 */
export function parseEnv(raw: RawEnv): Env {
  return envSchema.parse({ ...raw, ...spaceEnvDefaults(raw) });
}

let cached: Env | null = null;

/**
 * The parsed environment, read once.
 * @throws ZodError naming the bad variable (e.g. an `HF_HUB_URL` that is not a URL)
 */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
