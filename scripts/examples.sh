#!/usr/bin/env bash
# Builds entracheck (scripts/build.sh), then checks every example response in examples/<event>/
# with `entracheck check --event <event>` and compares the verdict with the file name:
#   *-accepted.http             must be accepted
#   *-rejected-<code>.http      must be rejected with that Entra error code
# Prints each verdict as the CLI does, then a one-line summary; exits 0 only when all match.
#
#   scripts/examples.sh [BUILD_DIR]  (default: build/ in the repository)
set -euo pipefail
export LC_ALL=C  # byte order for the sorted listing

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"
CLI="$BUILD_DIR/cli/entracheck"

"$REPO/scripts/build.sh" "$BUILD_DIR"
[ -x "$CLI" ] || { echo "examples: $CLI was not built" >&2; exit 1; }

# Reads the CLI's --json verdict on stdin ({"verdict": "accepted"|"rejected", "code": null|N,
# ...}); prints "accepted", the rejection code, or "?" when there is no such verdict.
verdict_of() {
  python3 -c '
import json, sys
try:
    v = json.load(sys.stdin)
except ValueError:
    v = None
if not isinstance(v, dict):
    print("?")
elif v.get("verdict") == "accepted" and v.get("code") is None:
    print("accepted")
elif v.get("verdict") == "rejected" and type(v.get("code")) is int:
    print(v["code"])
else:
    print("?")
'
}

total=0
failed=0
for dir in "$REPO"/examples/*/; do
  event="$(basename "$dir")"
  files=("$dir"*.http)
  [ -e "${files[0]}" ] || continue
  echo
  echo "== $event (${#files[@]} examples)"
  for file in "${files[@]}"; do
    name="$(basename "$file")"
    total=$((total + 1))
    echo "-- $name"
    if [[ "$name" =~ -accepted\.http$ ]]; then
      expected="accepted"
    elif [[ "$name" =~ -rejected-([0-9]+)\.http$ ]]; then
      expected="${BASH_REMATCH[1]}"
    else
      echo "   FAIL: name ends neither in -accepted.http nor in -rejected-<code>.http"
      failed=$((failed + 1))
      continue
    fi

    status=0
    human="$("$CLI" check --event "$event" "$file" 2>&1)" || status=$?
    if [ -n "$human" ]; then
      printf '   | %s\n' "${human//$'\n'/$'\n'   | }"
    else
      echo "   | (no output, exit status $status)"
    fi

    json="$("$CLI" check --event "$event" --json "$file" 2>/dev/null)" || true
    actual="$(verdict_of <<<"$json")"
    if [ "$actual" = "$expected" ]; then
      echo "   ok: $expected"
    else
      [ "$actual" = "?" ] && actual="no JSON verdict"
      echo "   FAIL: expected $expected, got $actual"
      failed=$((failed + 1))
    fi
  done
done

echo
if [ "$total" -eq 0 ]; then
  echo "examples: none found under $REPO/examples/<event>/" >&2
  exit 1
fi
echo "examples: $total checked, $((total - failed)) as expected, $failed mismatched"
[ "$failed" -eq 0 ]
