import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** OAuth/OIDC provider. PLACEHOLDER: not implemented yet. */
export function oauthRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
