import { Hono } from "hono";
import { requireCaller, type Caller } from "../auth";
import type { HubContext } from "../context";
import type { HubEnv } from "../hub-env";

/**
 * `GET /api/whoami-v2` in the Hub's shape (specs/hub-jobs-api.md §3): the caller, their orgs and
 * the token's role. 401 without a valid token.
 */
export function whoamiRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get("/", (c) => c.json(whoamiBody(requireCaller(ctx, c))));
  return app;
}

/** The whoami-v2 JSON body for a caller. */
export function whoamiBody(caller: Caller) {
  const { user, orgs, token } = caller;
  return {
    type: "user",
    id: user.id,
    name: user.name,
    fullname: user.fullname,
    email: user.email,
    emailVerified: true,
    isPro: false,
    canPay: false,
    periodEnd: null,
    avatarUrl: `/avatars/${user.name}.svg`,
    billingMode: "postpaid",
    orgs: orgs.map((o) => ({
      type: "org", id: o.id, name: o.name, fullname: o.fullname, email: null, canPay: false,
      avatarUrl: `/avatars/${o.name}.svg`, periodEnd: null, roleInOrg: "admin",
    })),
    auth: {
      type: "access_token",
      accessToken: { displayName: token.displayName, role: token.role, createdAt: token.createdAt },
    },
  };
}
