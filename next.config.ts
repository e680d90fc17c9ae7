import type { NextConfig } from "next";
import { LAUNCH_BODY_OVERHEAD_BYTES, MAX_LAUNCH_BYTES } from "./lib/jobs/schema";

const launchBodyLimit = MAX_LAUNCH_BYTES + LAUNCH_BODY_OVERHEAD_BYTES;

const nextConfig = {
  // A helper or a benchmark can build into its own folder (e.g. NEXT_DIST_DIR=.tmp/next-ui) so that
  // parallel builds in one work tree don't replace the files a running `next start` serves.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // The local Hub and its native SQLite driver are never bundled into the app.
  serverExternalPackages: ["better-sqlite3"],
  experimental: {
    // Dropped files travel to the launch server action (default limit 1 MB, specs/stack.md pitfall 4)
    // or to POST /api/launch, which passes through proxy.ts: the proxy buffers at most 10 MB of a
    // body by default and silently cuts the rest, so both limits follow the launch limit.
    serverActions: { bodySizeLimit: launchBodyLimit },
    proxyClientMaxBodySize: launchBodyLimit,
  },
  poweredByHeader: false,
} satisfies NextConfig;

export default nextConfig;
