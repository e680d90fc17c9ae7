import "server-only";
import { env } from "@/lib/env";

/** What every Hub call needs: `@huggingface/hub` takes these as `{ hubUrl, accessToken }`. */
export interface HubCredentials {
  /** base URL without trailing slash, e.g. `https://huggingface.co` or `http://127.0.0.1:4280` */
  hubUrl: string;
  /** a Hub token (`hf_…`); never sent to the browser */
  accessToken: string;
}

/**
 * The one place a session becomes Hub credentials: the session's token, and its `hubUrl` or else
 * `HF_HUB_URL` (default `https://huggingface.co`, lib/env.ts), without a trailing slash.
 */
export function hubCredentials(session: { accessToken: string; hubUrl?: string }): HubCredentials {
  const hubUrl = (session.hubUrl || env().HF_HUB_URL).replace(/\/+$/, "");
  return { hubUrl, accessToken: session.accessToken };
}
