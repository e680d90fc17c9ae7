import { Hono } from "hono";
import { getCaller } from "../auth";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";
import { HARDWARE_FLAVORS } from "../runner/hardware-flavors";

/**
 * `GET /api/jobs/hardware` (specs/hub-jobs-api.md §7.9): the 26 flavors with prices per minute.
 * Public; a token, when sent, must still be valid (401 otherwise, as on every Hub route).
 */
export function hardwareRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get("/", (c) => {
    getCaller(ctx, c);
    return c.json(HARDWARE_FLAVORS);
  });
  return app;
}
