import type { NextConfig } from "next";
import { LAUNCH_BODY_OVERHEAD_BYTES, MAX_ACTION_LAUNCH_BYTES } from "./lib/jobs/schema";

const actionBodyLimit = MAX_ACTION_LAUNCH_BYTES + LAUNCH_BODY_OVERHEAD_BYTES;

const nextConfig = {
  // A helper or a benchmark can build into its own folder (e.g. NEXT_DIST_DIR=.tmp/next-ui) so that
  // parallel builds in one work tree don't replace the files a running `next start` serves.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // BUNDLE_SOURCEMAPS=1 writes browser source maps, which `npm run bench:bundle -- --modules` reads to
  // say which modules make up each first-load chunk; off by default (the maps ship the source).
  productionBrowserSourceMaps: process.env.BUNDLE_SOURCEMAPS === "1",
  // The local Hub and its native SQLite driver are never bundled into the app, nor the native BLAKE3
  // binding the upload hashes with (lib/jobs/native-blake3.ts).
  serverExternalPackages: ["better-sqlite3", "@napi-rs/blake-hash"],
  experimental: {
    // The composer sends files to POST /api/launch, which streams them to disk and which proxy.ts
    // does not match (Next clones, i.e. buffers, every body the proxy sees). Files sent to the launch
    // server action directly (default limit 1 MB, specs/stack.md pitfall 4) pass through the proxy,
    // which buffers at most 10 MB by default and silently cuts the rest: both follow the action limit.
    serverActions: { bodySizeLimit: actionBodyLimit },
    proxyClientMaxBodySize: actionBodyLimit,
    // zod/mini's entry re-exports everything (every locale included) through one namespace object,
    // which the bundler keeps whole: import the named functions from their own modules instead.
    optimizePackageImports: ["zod"],
  },
  poweredByHeader: false,
  // The scheduled-job pages moved from /scheduled to /scheduled-jobs (one name with components/ and
  // app/api/); shared links to the old URLs keep working (308, query string kept).
  async redirects() {
    return [
      { source: "/scheduled", destination: "/scheduled-jobs", permanent: true },
      { source: "/scheduled/:path*", destination: "/scheduled-jobs/:path*", permanent: true },
      // A namespace typed after the list's path (as on huggingface.co/{ns}) opens that namespace's list.
      { source: "/jobs/:namespace", destination: "/jobs?ns=:namespace", permanent: false },
      { source: "/scheduled-jobs/:namespace", destination: "/scheduled-jobs?ns=:namespace", permanent: false },
    ];
  },
} satisfies NextConfig;

export default nextConfig;
