import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** read-only HTML pages, e.g. the bucket folder page. PLACEHOLDER: not implemented yet. */
export function pageRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
