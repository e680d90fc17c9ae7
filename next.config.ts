import type { NextConfig } from "next";

const nextConfig = {
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
