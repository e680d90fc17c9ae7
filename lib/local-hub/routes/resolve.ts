import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** resolve GET/HEAD (specs/hub-buckets-xet.md §3.7). PLACEHOLDER: not implemented yet. */
export function resolveRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
