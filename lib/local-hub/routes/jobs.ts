import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** Jobs (specs/hub-jobs-api.md §7). PLACEHOLDER: not implemented yet. */
export function jobRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
