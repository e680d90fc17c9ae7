/** Hono environment of every local Hub route: the request id set by the first middleware. */
export type HubEnv = { Variables: { requestId: string } };
