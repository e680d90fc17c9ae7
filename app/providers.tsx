"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { getQueryClient } from "@/components/api/query-client";

/**
 * react-query's provider with the tab's one client (components/api/query-client.ts). Mounted by the
 * layouts of the pages that read through react-query (app/(app)/jobs, app/(app)/scheduled-jobs), not
 * by the root layout: the composer and the sign-in page don't load react-query before they work.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(getQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
