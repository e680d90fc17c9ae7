#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs Debian's chromium and bubblewrap when
# missing (as root; otherwise says how), then typecheck, lint, Vitest, the conformance suite of the
# official Python client (scripts/conformance.sh builds .tmp/hf-venv with pip), next build, Playwright,
# the Space check (scripts/space-check.mjs), and ends with the line `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
      echo "apt-get install ${missing[*]} failed"; exit 1; }
  else
    echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

failed_steps=()
rm -rf .vitest.json test-results .tmp/e2e-hub-*

echo "== typecheck"; npx next typegen >/dev/null && npx tsc --noEmit || failed_steps+=(--failed-step typecheck)
echo "== lint"; npx eslint . || failed_steps+=(--failed-step lint)
echo "== vitest"; npx vitest run --reporter=default --reporter=json --outputFile=.vitest.json
echo "== conformance (official Python client)"; bash scripts/conformance.sh
echo "== build"
if npx next build; then
  echo "== playwright"; npx playwright test
else
  failed_steps+=(--failed-step build)
fi
# Builds the Docker Space's image (or runs its steps) on its own and runs e2e-space/ against it; a
# failure before its e2e leaves no report, which summarize.mjs counts as a failure.
echo "== space check"; node scripts/space-check.mjs
node scripts/summarize.mjs "${failed_steps[@]}"
