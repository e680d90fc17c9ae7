import { queryOptions } from "@tanstack/react-query";
import type { HardwareView } from "@/lib/jobs/api-answers";
import { getJson } from "../get-json";
import { hardwareKeys } from "../query-keys";

/** `GET /api/hardware` → `{ hardware }`: the flavors and their prices. */
export const HARDWARE_URL = "/api/hardware";

/** Options for the hardware catalogue (prices change rarely: fresh for 10 minutes). */
export function hardwareOptions() {
  return queryOptions({
    queryKey: hardwareKeys.all,
    queryFn: ({ signal }) => getJson<{ hardware: HardwareView[] }>(HARDWARE_URL, signal).then((r) => r.hardware),
    staleTime: 10 * 60_000,
  });
}
