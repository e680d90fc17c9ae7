/**
 * `npm run bench:bundle`: first-load JS per route (raw and gzip) of a finished `next build`, no servers.
 *
 * First-load JS of a route = the build's `rootMainFiles` (`<dist>/build-manifest.json`: the framework,
 * React and the root layout's client code) plus every file in the route's
 * `server/app/…/page_client-reference-manifest.js` `entryJSFiles` (its layouts' and page's client
 * components). Each file is gzipped on its own (level 6, what `next start` and most CDNs send), and
 * the sizes are summed. Chunks loaded later with `import()` / `next/dynamic` are not counted.
 *
 * Usage: `npx next build && npm run bench:bundle`. `NEXT_DIST_DIR` picks another build folder (see
 * next.config.ts). `--files` lists each route's files with their gzip size, largest first;
 * `--modules` (on a build made with `BUNDLE_SOURCEMAPS=1`) adds, under each file, the source modules
 * that make it up, by minified bytes (read from the file's source map), largest first.
 * Goals (issue 15, item 5): `/` ≤ 150 kB gzip, every route ≤ 170 kB.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/** One route's first-load JS: `files` counted, their summed `raw` and `gzip` sizes in bytes. */
export type RouteBundle = { route: string; files: number; raw: number; gzip: number; perFile: { file: string; raw: number; gzip: number }[] };

/**
 * Reads a build folder (e.g. `<root>/.next`) and returns one entry per app route, sorted by route.
 * Route groups (`(app)`) are left out of the route; a dynamic segment keeps its `[name]`.
 * @throws when `<next>/build-manifest.json` is missing (no build).
 */
export function firstLoadJs(next: string): RouteBundle[] {
  const build = JSON.parse(readFileSync(join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const size = (f: string) => {
    let s = sizes.get(f);
    if (!s) {
      const buf = readFileSync(join(next, f));
      s = { raw: buf.length, gzip: gzipSync(buf).length };
      sizes.set(f, s);
    }
    return s;
  };
  const out: RouteBundle[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === "page_client-reference-manifest.js") {
        const text = readFileSync(p, "utf8");
        const m = /"entryJSFiles":(\{.*?\})\s*[,}]/s.exec(text);
        const entry = m ? (JSON.parse(m[1]) as Record<string, string[]>) : {};
        const files = new Set<string>(build.rootMainFiles);
        for (const list of Object.values(entry)) for (const f of list) files.add(f);
        const perFile: RouteBundle["perFile"] = [];
        for (const f of files) if (existsSync(join(next, f))) perFile.push({ file: f, ...size(f) });
        perFile.sort((a, b) => b.gzip - a.gzip);
        const route = "/" + relative(join(next, "server", "app"), dir).split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/");
        out.push({
          route: route.replace(/\/page$/, "") || "/",
          files: files.size,
          raw: perFile.reduce((n, f) => n + f.raw, 0),
          gzip: perFile.reduce((n, f) => n + f.gzip, 0),
          perFile,
        });
      }
    }
  };
  walk(join(next, "server", "app"));
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Minified bytes of `js` attributed to each source of its source map (`mappings`, Source Map v3 base64
 * VLQ: a segment's generated column runs until the next segment's on the same line). Bytes no segment
 * covers are left out. Returns `[source, bytes]`, largest first; `[]` when `map` has no `mappings`.
 */
export function bytesPerSource(js: string, map: { sources: string[]; mappings?: string }): [string, number][] {
  if (!map.mappings) return [];
  const lines = js.split("\n");
  const totals = new Map<number, number>();
  let source = 0;
  map.mappings.split(";").forEach((line, li) => {
    const len = lines[li]?.length ?? 0;
    let col = 0;
    const segs: [number, number][] = [];
    for (const seg of line.split(",")) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0];
      if (vals.length >= 4) {
        source += vals[1];
        segs.push([col, source]);
      } else segs.push([col, -1]);
    }
    segs.forEach(([c, src], i) => {
      if (src < 0) return;
      const end = i + 1 < segs.length ? segs[i + 1][0] : len;
      totals.set(src, (totals.get(src) ?? 0) + Math.max(0, end - c));
    });
  });
  return [...totals].map(([i, n]) => [map.sources[i] ?? `#${i}`, n] as [string, number]).sort((a, b) => b[1] - a[1]);
}

/** `  /route   raw kB / gzip kB  (n files)`, one line per route. */
export function formatRoutes(routes: RouteBundle[]): string[] {
  return routes.map((r) => `  ${r.route.padEnd(34)} ${(r.raw / 1000).toFixed(0).padStart(5)} kB / ${(r.gzip / 1000).toFixed(0).padStart(4)} kB  (${r.files} files)`);
}

function main(): void {
  const dist = join(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next");
  if (!existsSync(join(dist, "build-manifest.json"))) {
    console.error(`No build in ${dist}: run \`npx next build\` first.`);
    process.exit(1);
  }
  const routes = firstLoadJs(dist);
  console.log("first-load JS per route (raw / gzip):");
  for (const line of formatRoutes(routes)) console.log(line);
  const modules = process.argv.includes("--modules");
  // A file shared by several routes is broken down once, under the first route that loads it.
  const seen = new Set<string>();
  if (modules || process.argv.includes("--files")) {
    const root = new Set(JSON.parse(readFileSync(join(dist, "build-manifest.json"), "utf8")).rootMainFiles as string[]);
    for (const r of routes) {
      console.log(`\n${r.route}`);
      for (const f of r.perFile) {
        console.log(`  ${(f.gzip / 1000).toFixed(1).padStart(6)} kB  ${root.has(f.file) ? "root " : "     "} ${f.file}`);
        if (!modules || seen.has(f.file)) continue;
        seen.add(f.file);
        const js = readFileSync(join(dist, f.file), "utf8");
        const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(js);
        const mapPath = ref ? join(dist, f.file, "..", ref[1]) : "";
        if (!ref || !existsSync(mapPath)) continue;
        const map = JSON.parse(readFileSync(mapPath, "utf8")) as { sources: string[]; mappings?: string };
        for (const [src, n] of bytesPerSource(js, map).slice(0, 25)) {
          if (n >= 300) console.log(`           ${(n / 1000).toFixed(1).padStart(6)} kB raw  ${src.replace(/^turbopack:\/\/\/\[project\]\//, "")}`);
        }
      }
    }
  }
}

// Run as a script (`tsx bench/bundle.ts`), not when bench/ui.ts imports firstLoadJs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
