#!/usr/bin/env bash
# Load benchmark of `entracheck call --repeat` against the scripted test API on 127.0.0.1.
# Measured by hand (or in a benchmark job), not by a timed test.
#
#   bench/call_load.sh [BUILD_DIR] [CALLS] [CONCURRENCY] [DELAY_MS]
#
# Starts build/tests/entracheck_test_api (it exits by itself after 120 s), sends CALLS calls
# (default 500) with CONCURRENCY in flight (default 8) to /delay/DELAY_MS (default 20), prints
# entracheck's latency summary, and stops the server.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$REPO/build}"
CALLS="${2:-500}"
CONCURRENCY="${3:-8}"
DELAY="${4:-20}"

SERVER="$BUILD/tests/entracheck_test_api"
CLI="$BUILD/cli/entracheck"
[ -x "$SERVER" ] && [ -x "$CLI" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }

OUT="$(mktemp)"
"$SERVER" --seconds 120 >"$OUT" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 50); do
  [ -s "$OUT" ] && break
  sleep 0.1
done
URL="$(head -n1 "$OUT")"
[ -n "$URL" ] || { echo "the test API did not start" >&2; exit 2; }

"$CLI" call "$URL/delay/$DELAY" --event tokenIssuanceStart --repeat "$CALLS" \
  --concurrency "$CONCURRENCY" 2>/dev/null
