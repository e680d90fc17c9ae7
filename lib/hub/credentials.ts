import "server-only";
import { env, normalizeHubUrl } from "@/lib/env";

/** What every Hub call needs: `@huggingface/hub` takes these as `{ hubUrl, accessToken }`. */
export interface HubCredentials {
  /** base URL without trailing slash, e.g. `https://huggingface.co` or `http://127.0.0.1:4280` */
  hubUrl: string;
  /** a Hub token (`hf_…`); never sent to the browser */
  accessToken: string;
}

/** The params every lib/hub verb takes beside its own: credentials and an optional `fetch` (tests, timeouts). */
export type HubCall = HubCredentials & { fetch?: typeof fetch };

/**
 * The one place a session becomes Hub credentials: the session's token, and its `hubUrl` or else
 * `HF_HUB_URL` (default `https://huggingface.co`, lib/env.ts), without a trailing slash
 * ({@link normalizeHubUrl}: every lib/hub verb can then paste `hubUrl` as is).
 */
export function hubCredentials(session: { accessToken: string; hubUrl?: string }): HubCredentials {
  return { hubUrl: normalizeHubUrl(session.hubUrl || env().HF_HUB_URL), accessToken: session.accessToken };
}
