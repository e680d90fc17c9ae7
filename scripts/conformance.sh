#!/usr/bin/env bash
# Conformance suite: the official Python client (huggingface_hub + hf_xet, pinned below) drives a fresh
# local Hub through its `hf` CLI and `HfApi`. Builds (or reuses) the virtual environment .tmp/hf-venv with
# pip run under its own configuration (pip.conf, PIP_INDEX_URL, PIP_FIND_LINKS: whatever index the machine
# is set up for), starts a local Hub with --test-controls on a free port in a temp dir, exports
# HF_ENDPOINT and HF_TOKEN, runs pytest over conformance/ and writes test-results/conformance.junit.xml
# (scripts/summarize.mjs counts it; no report counts as a failure). Extra args go to pytest.
# Exit code: pytest's (1 when the venv or the Hub could not be set up).
set -uo pipefail
cd "$(dirname "$0")/.."

# 1.33.0 is the newest 1.x: it has every command the suite drives (buckets settings/move, jobs wait,
# scheduled trigger, uv run -v ./dir). 2.0.0 is checked by hand (specs/hub-jobs-2x.md).
HF_HUB_PIN="huggingface_hub[hf_xet]==1.33.0"
PYTEST_PIN="pytest>=8,<10"
VENV=.tmp/hf-venv
REPORT=test-results/conformance.junit.xml
mkdir -p .tmp test-results
rm -f "$REPORT"

stamp="$HF_HUB_PIN $PYTEST_PIN"
if [ "$(cat "$VENV/.conformance-stamp" 2>/dev/null)" != "$stamp" ] || ! "$VENV/bin/python" -c "import huggingface_hub, hf_xet, pytest" 2>/dev/null; then
  echo "conformance: building $VENV ($HF_HUB_PIN)"
  rm -rf "$VENV"
  python3 -m venv "$VENV" || { echo "conformance: python3 -m venv failed (on Debian: apt-get install python3-venv)"; exit 1; }
  # An unreachable default index costs pip ~7 s of retries per package: one retry is enough locally.
  PIP_RETRIES="${PIP_RETRIES:-1}" "$VENV/bin/pip" install --quiet --disable-pip-version-check "$HF_HUB_PIN" "$PYTEST_PIN" \
    || { echo "conformance: pip install $HF_HUB_PIN failed"; rm -rf "$VENV"; exit 1; }
  echo "$stamp" > "$VENV/.conformance-stamp"
fi

HUB_DIR="$(mktemp -d "${TMPDIR:-/tmp}/conformance-hub-XXXXXX")"
HUB_LOG="$HUB_DIR.log"
node --import tsx lib/local-hub/server.ts --port 0 --dir "$HUB_DIR/data" --test-controls >"$HUB_LOG" 2>&1 &
HUB_PID=$!
cleanup() {
  if kill -0 "$HUB_PID" 2>/dev/null; then
    kill -TERM "$HUB_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$HUB_PID" 2>/dev/null
  fi
  wait "$HUB_PID" 2>/dev/null
  rm -rf "$HUB_DIR" "$HUB_LOG"
}
trap cleanup EXIT

url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^local Hub listening on \(http:[^ ]*\).*/\1/p' "$HUB_LOG" 2>/dev/null | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$HUB_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "conformance: the local Hub did not start:"; cat "$HUB_LOG"; exit 1
fi

export HF_ENDPOINT="$url"
HF_TOKEN="$(cat "$HUB_DIR/data/token")"
export HF_TOKEN
# A private HF_HOME: no cached login, cache or telemetry of the machine's user leaks into the suite.
export HF_HOME="$HUB_DIR/hf-home" HF_HUB_DISABLE_TELEMETRY=1
echo "conformance: local Hub at $HF_ENDPOINT, $("$VENV/bin/python" -c 'import huggingface_hub as h; print("huggingface_hub", h.__version__)')"
"$VENV/bin/python" -m pytest conformance -q -p no:cacheprovider --basetemp="$HUB_DIR/pytest" --junitxml="$REPORT" "$@"
