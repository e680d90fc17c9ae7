import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** Scheduled Jobs (specs/hub-jobs-api.md §8). PLACEHOLDER: not implemented yet. */
export function scheduledJobRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
