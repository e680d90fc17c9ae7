#!/usr/bin/env bash
# Conformance suite: the official Python client (huggingface_hub + hf_xet, pinned below) drives a fresh
# local Hub through its `hf` CLI and `HfApi`. Builds (or reuses) the virtual environment .tmp/hf-venv with
# pip run under its own configuration (pip.conf, PIP_INDEX_URL, PIP_FIND_LINKS: whatever index the machine
# is set up for), starts a local Hub with --test-controls on a free port in a temp dir, exports
# HF_ENDPOINT and HF_TOKEN, runs pytest over conformance/ and writes test-results/conformance.junit.xml
# (scripts/summarize.mjs counts it; no report counts as a failure). Extra args go to pytest.
# Tests of 2.x-only client features (conformance/test_network_group.py: `run_job(network_group=…)`) run
# with a second venv, .tmp/hf-venv-2x (huggingface_hub[hf_xet]==2.0.0), against the same Hub, into
# test-results/conformance-2x.junit.xml.
# Exit code: pytest's, the worse of the two runs (1 when a venv or the Hub could not be set up).
set -uo pipefail
cd "$(dirname "$0")/.."

# 1.33.0 is the newest 1.x: it has every command the suite drives (buckets settings/move, jobs wait,
# scheduled trigger, uv run -v ./dir). 2.0.0 is checked by hand (specs/hub-jobs-2x.md).
HF_HUB_PIN="huggingface_hub[hf_xet]==1.33.0"
HF_HUB_2X_PIN="huggingface_hub[hf_xet]==2.0.0"
PYTEST_PIN="pytest>=8,<10"
VENV=.tmp/hf-venv
VENV_2X=.tmp/hf-venv-2x
REPORT=test-results/conformance.junit.xml
REPORT_2X=test-results/conformance-2x.junit.xml
TESTS_2X=conformance/test_network_group.py
mkdir -p .tmp test-results
rm -f "$REPORT" "$REPORT_2X"

# ensure_venv DIR PIN: builds (or reuses) a venv with PIN and pytest.
ensure_venv() {
  local venv="$1" pin="$2" stamp="$2 $PYTEST_PIN"
  if [ "$(cat "$venv/.conformance-stamp" 2>/dev/null)" != "$stamp" ] || ! "$venv/bin/python" -c "import huggingface_hub, hf_xet, pytest" 2>/dev/null; then
    echo "conformance: building $venv ($pin)"
    rm -rf "$venv"
    python3 -m venv "$venv" || { echo "conformance: python3 -m venv failed (on Debian: apt-get install python3-venv)"; return 1; }
    # An unreachable default index costs pip ~7 s of retries per package: one retry is enough locally.
    PIP_RETRIES="${PIP_RETRIES:-1}" "$venv/bin/pip" install --quiet --disable-pip-version-check "$pin" "$PYTEST_PIN" \
      || { echo "conformance: pip install $pin failed"; rm -rf "$venv"; return 1; }
    echo "$stamp" > "$venv/.conformance-stamp"
  fi
}
ensure_venv "$VENV" "$HF_HUB_PIN" || exit 1
ensure_venv "$VENV_2X" "$HF_HUB_2X_PIN" || exit 1

HUB_DIR="$(mktemp -d "${TMPDIR:-/tmp}/conformance-hub-XXXXXX")"
# mktemp's 0700 would keep the sandbox's unprivileged host uid (61000 when run as root) out of the
# Hub's folder, and the Hub would fall back to starting sandboxes as root: search bit only, as the Hub's defaults need.
chmod 711 "$HUB_DIR"
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
if grep -q "job sandboxes start from root" "$HUB_LOG"; then
  echo "conformance: warning: $(grep "job sandboxes start from root" "$HUB_LOG")"
fi
"$VENV/bin/python" -m pytest conformance -q -p no:cacheprovider --basetemp="$HUB_DIR/pytest" --junitxml="$REPORT" --ignore="$TESTS_2X" "$@"
rc=$?
echo "conformance: 2.x client tests with $("$VENV_2X/bin/python" -c 'import huggingface_hub as h; print("huggingface_hub", h.__version__)')"
"$VENV_2X/bin/python" -m pytest "$TESTS_2X" -q -p no:cacheprovider --basetemp="$HUB_DIR/pytest-2x" --junitxml="$REPORT_2X" "$@"
rc2=$?
[ "$rc2" -gt "$rc" ] && rc=$rc2
exit "$rc"
