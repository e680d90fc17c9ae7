"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiRequestError } from "@/components/api/get-json";

/**
 * One retry for a failed read, except when the app already waited the whole Hub timeout (504
 * `hub_timeout`): saying "the Hub is not answering" now beats waiting as long again.
 */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status === 504) return false;
  return failures < 1;
}

/** Client-side providers: one QueryClient per browser tab. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 2_000, retry, refetchOnWindowFocus: true } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
