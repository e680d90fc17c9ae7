import "server-only";
import { z } from "zod";

const envSchema = z.object({
  /** The one switch: which Hub the app talks to. Local mode sets it to the embedded local Hub. */
  HF_HUB_URL: z.url().default("https://huggingface.co").transform((u) => u.replace(/\/+$/, "")),
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
});

/** Parsed environment. The only reader of `process.env` in the app (STYLE.md layout). */
export type Env = z.infer<typeof envSchema>;

let cached: Env | null = null;

/**
 * The parsed environment, read once.
 * @throws ZodError naming the bad variable (e.g. an `HF_HUB_URL` that is not a URL)
 */
export function env(): Env {
  cached ??= envSchema.parse(process.env);
  return cached;
}
