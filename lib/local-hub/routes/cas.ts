import { Hono } from "hono";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/** Xet CAS (specs/hub-buckets-xet.md §4, §6). PLACEHOLDER: not implemented yet. */
export function casRoutes(ctx: HubContext): Hono<HubEnv> {
  void ctx;
  return new Hono<HubEnv>();
}
