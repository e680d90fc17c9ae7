import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** GET /api/jobs/hardware (specs/hub-jobs-api.md §7.9). PLACEHOLDER: not implemented yet. */
export function hardwareRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
