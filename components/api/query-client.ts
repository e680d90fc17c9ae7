import { QueryClient } from "@tanstack/react-query";
import { ApiRequestError } from "./get-json";

/**
 * One retry for a failed read, except when the app already waited the whole Hub timeout (504
 * `hub_timeout`): saying "the Hub is not answering" now beats waiting as long again.
 */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status === 504) return false;
  return failures < 1;
}

let browserClient: QueryClient | undefined;

/**
 * The tab's one QueryClient (react-query's cache of every read). Its provider (app/providers.tsx) is
 * mounted only by the pages that read through react-query (the jobs and schedules pages), not by the
 * composer, whose first-load JS it would otherwise join (issue 15 item 5); a module-level client keeps
 * one cache across those pages, the composer's launch (which seeds the new job's page) and the
 * composer's volume-source suggestions. On the server every call makes a new client: a shared one
 * would mix users' data between requests (TanStack Query's "Advanced Server Rendering" guide).
 * @returns the browser's client, or a fresh one on the server
 */
export function getQueryClient(): QueryClient {
  const make = () => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry, refetchOnWindowFocus: true } } });
  if (typeof window === "undefined") return make();
  browserClient ??= make();
  return browserClient;
}
