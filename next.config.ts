import type { NextConfig } from "next";

const nextConfig = {
  // A helper or a benchmark can build into its own folder (e.g. NEXT_DIST_DIR=.tmp/next-ui) so that
  // parallel builds in one work tree don't replace the files a running `next start` serves.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // The local Hub and its native SQLite driver are never bundled into the app.
  serverExternalPackages: ["better-sqlite3"],
  experimental: {
    // Dropped files travel to the launch server action; the default 1 MB limit is far too small
    // (specs/stack.md pitfall 4).
    serverActions: { bodySizeLimit: "200mb" },
  },
  poweredByHeader: false,
} satisfies NextConfig;

export default nextConfig;
