#!/usr/bin/env node
/**
 * Prints the closing line CI reads, `N passed, N failed, N skipped`, from Vitest's JSON report
 * (.vitest.json), Playwright's (test-results/e2e.json; test-results/space-e2e.json from
 * `npm run space:check`, which writes none when a step before its e2e fails) and the conformance
 * suite's pytest JUnit XML (test-results/conformance.junit.xml, and conformance-2x.junit.xml of the
 * 2.x client). A missing report, or a failed step named in
 * argv (`--failed-step typecheck` …), counts as one failure so a broken step can never look green.
 */
import { existsSync, readFileSync } from "node:fs";

let passed = 0, failed = 0, skipped = 0;
const failedSteps = [];
for (let i = 2; i < process.argv.length; i++) if (process.argv[i] === "--failed-step") failedSteps.push(process.argv[++i]);

if (existsSync(".vitest.json")) {
  const v = JSON.parse(readFileSync(".vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (v.numFailedTestSuites ?? 0);
  skipped += v.numPendingTests + v.numTodoTests;
} else failedSteps.push("vitest (no report)");

if (existsSync("test-results/e2e.json")) {
  const e = JSON.parse(readFileSync("test-results/e2e.json", "utf8")).stats;
  passed += e.expected + e.flaky;
  failed += e.unexpected;
  skipped += e.skipped;
} else failedSteps.push("playwright (no report)");

if (existsSync("test-results/space-e2e.json")) {
  const e = JSON.parse(readFileSync("test-results/space-e2e.json", "utf8")).stats;
  passed += e.expected + e.flaky;
  failed += e.unexpected;
  skipped += e.skipped;
} else failedSteps.push("space:check (no report)");

for (const [report, step] of [["test-results/conformance.junit.xml", "conformance"], ["test-results/conformance-2x.junit.xml", "conformance 2.x"]]) {
  if (!existsSync(report)) {
    failedSteps.push(`${step} (no report)`);
    continue;
  }
  // pytest's JUnit XML: one <testsuite tests= failures= errors= skipped=> per run.
  const xml = readFileSync(report, "utf8");
  const suites = [...xml.matchAll(/<testsuite\b([^>]*)>/g)].map((m) => m[1]);
  if (suites.length === 0) failedSteps.push(`${step} (unreadable report)`);
  for (const attrs of suites) {
    const num = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(attrs)?.[1] ?? 0);
    const bad = num("failures") + num("errors");
    passed += num("tests") - bad - num("skipped");
    failed += bad;
    skipped += num("skipped");
  }
}

for (const step of new Set(failedSteps)) console.log(`step failed: ${step}`);
failed += new Set(failedSteps).size;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
