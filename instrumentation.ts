/**
 * Next.js instrumentation hook: runs once when a server process starts. In the Node runtime it bounds
 * every Hub call the app makes (lib/hub/hub-fetch-timeout.ts; issue 11: a frozen Hub must give a 504
 * within seconds, not a request that hangs).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const { installHubFetchTimeout } = await import("@/lib/hub/hub-fetch-timeout");
  const e = env();
  installHubFetchTimeout({ origin: new URL(e.HF_HUB_URL).origin, timeoutMs: e.HUB_TIMEOUT_MS });
}
