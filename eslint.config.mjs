import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * The layer fences of docs/architecture.md (DESIGN.md "Parts and the one-way rule", STYLE.md "Import
 * direction"). Each area gets ONE `no-restricted-imports` block listing everything it may not import
 * (flat config replaces a rule's options per file, it does not merge them), so the blocks' `files`
 * globs below do not overlap.
 */

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "e2e-space/**", "bench/**", "scripts/**", "test-support/**"];

const localHubImport = {
  group: ["**/local-hub", "**/local-hub/**", "@/lib/local-hub", "@/lib/local-hub/**"],
  message: "Only tests, e2e, scripts and benchmarks may import the local Hub (DESIGN.md, one-way rule).",
};
const appImport = {
  group: ["@/app/**", "@/components/**", "**/app/**", "**/components/**"],
  message: "lib/ never imports app/ or components/ (STYLE.md, import direction).",
};
const hubLibrary = {
  name: "@huggingface/hub",
  message: "lib/hub is the one door to the Hub: call (or add) a verb module there (docs/architecture.md).",
};
const jobsImport = {
  group: ["@/lib/jobs/**", "**/lib/jobs/**", "../jobs/**"],
  message: "lib/hub and lib/auth sit below lib/jobs: pass what they need as parameters (docs/architecture.md).",
};
const authImport = {
  group: ["@/lib/auth/**", "**/lib/auth/**", "../auth/**"],
  message: "lib/hub receives credentials as parameters; it never reads the session (STYLE.md, import direction).",
};

/**
 * Modules marked `import "server-only"` (they read a token, a secret or call the Hub), found by
 * reading lib/: a client component may import their types only (STYLE.md: a "use client" module never
 * imports a server-only module). A module without the marker is client-safe by definition, and the
 * marker makes Next fail the build if one reaches the browser anyway.
 */
function serverOnlyModules() {
  const modules = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "local-hub") walk(path);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        if (/^import "server-only";/m.test(readFileSync(path, "utf8"))) modules.push(path.replace(/\.tsx?$/, ""));
      }
    }
  };
  walk("lib");
  return modules.sort();
}
/** `"use client"` modules under app/ (pages and layouts are server components; these are not). */
function clientModulesIn(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && /^\s*["']use client["']/.test(readFileSync(path, "utf8"))) found.push(path);
    }
  };
  walk(dir);
  return found;
}
const serverOnly = serverOnlyModules();
const serverOnlyImport = {
  group: serverOnly.flatMap((m) => [`@/${m}`, `**/${m}`]),
  allowTypeImports: true,
  message: "A server-only module (it reads a token, a secret or calls the Hub): client code may import its types only. Move the pure part into a client-safe module (docs/architecture.md).",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Pages, layouts, route handlers, the request proxy: anything but the local Hub and the Hub library.
    files: ["app/**", "proxy.ts", "instrumentation.ts"],
    ignores: TESTS,
    rules: { "no-restricted-imports": ["error", { paths: [hubLibrary], patterns: [localHubImport] }] },
  },
  {
    // Components: the browser's side. No Hub, no local Hub, no app/ modules; server-only lib modules as types only.
    files: ["components/**"],
    ignores: TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [hubLibrary], patterns: [localHubImport, { group: ["@/app/**", "**/app/**"], message: "components never import app/ (STYLE.md, import direction)." }] },
      ],
    },
  },
  {
    // Client modules: "use client" files in app/ and every component; server-only modules as types only.
    files: ["components/**", ...clientModulesIn("app")],
    ignores: TESTS,
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [serverOnlyImport] }] },
  },
  {
    // The browser's data access lives in its resource modules (components/api/**): one module per
    // operation owns its URL, query options and mutation; components call those, never fetch themselves.
    files: ["components/**"],
    ignores: [...TESTS, "components/api/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["fetch", "EventSource", "XMLHttpRequest"].map((name) => ({ name, message: "Read or write through a resource module in components/api/** (docs/architecture.md)." })),
      ],
    },
  },
  {
    files: ["components/ui/**"],
    ignores: TESTS,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [hubLibrary],
          patterns: [
            localHubImport,
            { group: ["@/app/**", "**/app/**"], message: "components never import app/." },
            { group: ["@/components/*", "@/components/*/**", "!@/components/ui", "!@/components/ui/**"], message: "components/ui primitives import only other primitives." },
            { group: ["@/lib/**", "!@/lib/result"], message: "components/ui primitives have no data access (STYLE.md layout)." },
          ],
        },
      ],
    },
  },
  {
    // The job pipeline: lib/hub, lib/auth, lib/*.ts; never app/components/local-hub, never the Hub library.
    files: ["lib/jobs/**", "lib/*.ts"],
    ignores: TESTS,
    rules: { "no-restricted-imports": ["error", { paths: [hubLibrary], patterns: [localHubImport, appImport] }] },
  },
  {
    // Auth: may use lib/hub (whoami) and lib/*.ts; not the job pipeline.
    files: ["lib/auth/**"],
    ignores: TESTS,
    rules: { "no-restricted-imports": ["error", { paths: [hubLibrary], patterns: [localHubImport, appImport, jobsImport] }] },
  },
  {
    // The one door to the Hub: the only importer of @huggingface/hub; credentials come as parameters.
    files: ["lib/hub/**"],
    ignores: TESTS,
    rules: { "no-restricted-imports": ["error", { patterns: [localHubImport, appImport, jobsImport, authImport] }] },
  },
  {
    // The local Hub keeps its own view of the wire: no app code, no @huggingface/hub at run time.
    files: ["lib/local-hub/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@huggingface/hub", message: "The local Hub must not use the client it emulates for." }],
          patterns: [
            { group: ["@/*", "../../*", "!../../local-hub/**"], message: "lib/local-hub imports only its own files." },
          ],
        },
      ],
    },
  },
  {
    // No import cycles anywhere in the app (a cycle makes "who depends on whom" unanswerable).
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // Sizes a reader can hold in mind (issue 12): modules ≤ 400 lines, functions ≤ 120.
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    ignores: [...TESTS, "lib/local-hub/**/*.test.ts"],
    rules: {
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  globalIgnores([
    ".next/**", "out/**", "build/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".local-hub/**", ".tmp/**",
  ]),
]);
