import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** Storage Buckets (specs/hub-buckets-xet.md §3). PLACEHOLDER: not implemented yet. */
export function bucketRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
