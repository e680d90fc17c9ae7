import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const localHubImport = {
  group: ["**/local-hub", "**/local-hub/**", "@/lib/local-hub", "@/lib/local-hub/**"],
  message: "Only tests, e2e, scripts and benchmarks may import the local Hub (DESIGN.md, one-way rule).",
};
const appImport = {
  group: ["@/app/**", "@/components/**", "**/app/**", "**/components/**"],
  message: "lib/ never imports app/ or components/ (STYLE.md, import direction).",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["app/**", "components/**", "lib/jobs/**", "lib/hub/**", "lib/auth/**", "lib/*.ts", "proxy.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [localHubImport] }] },
  },
  {
    files: ["lib/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "lib/local-hub/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [localHubImport, appImport] }] },
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
  globalIgnores([
    ".next/**", "out/**", "build/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".local-hub/**", ".tmp/**",
  ]),
]);
