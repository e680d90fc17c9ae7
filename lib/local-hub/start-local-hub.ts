import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createLocalHub, type LocalHub, type LocalHubOptions } from "./app";

/** A listening local Hub. */
export interface RunningLocalHub {
  /** base URL, e.g. `http://127.0.0.1:4280` (no trailing slash); pass it as `hubUrl` */
  url: string;
  /** the primary user's token */
  token: string;
  hub: LocalHub;
  /** Stops listening, kills jobs, closes the store. */
  close(): Promise<void>;
}

/**
 * Builds a local Hub and listens on 127.0.0.1.
 * @param options.port TCP port; 0 or absent picks a free one
 * @throws Error when the port is taken (EADDRINUSE) or the token is invalid
 */
export async function startLocalHub(options: LocalHubOptions & { port?: number; host?: string }): Promise<RunningLocalHub> {
  const hub = createLocalHub(options);
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: hub.app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  // Keep idle connections open longer than any client does (undici: 4 s; Python httpx: 5 s), so the
  // client always closes first: a server closing an idle socket just as a busy client (event loop
  // late under load) reuses it makes that request fail with ECONNRESET.
  const http = server as unknown as { keepAliveTimeout?: number; headersTimeout?: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    token: hub.token,
    hub,
    async close() {
      await hub.close();
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
