#!/usr/bin/env bash
# Instructions per check (or parse) on the 300-byte body, by callgrind: the difference between
# 101 and 1 repetitions of entracheck_bench --repeat, divided by 100, so that start-up and the
# generation of the bodies cancel out. Writes the "callgrind" entry of bench/measurements.json,
# which bench/report.py prints beside the times.
#
#   bench/callgrind.sh [BENCH_BIN]     (default build-bench/bench/entracheck_bench)
#
# Under valgrind simdjson picks its AVX2 kernel (valgrind has no AVX-512), so stage 1 may count
# a little differently from a native run on an AVX-512 machine.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$REPO/build-bench/bench/entracheck_bench}"
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
count() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$BIN" --repeat="$1,$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
results=()
for engine in fast simdjson_ondemand simdjson_dom schema; do
  one="$(count "$engine/token_300" 1)"
  many="$(count "$engine/token_300" 101)"
  results+=("$engine/token_300=$(( (many - one) / 100 ))")
  echo "callgrind: $engine/token_300 $(( (many - one) / 100 )) instructions per check"
done
revision="$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
python3 - "$REPO/bench/measurements.json" "$revision" "${results[@]}" <<'PY'
import datetime, json, os, sys
path, revision, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
data = json.load(open(path)) if os.path.exists(path) else {}
data["callgrind"] = {
    "date": datetime.date.today().isoformat(),
    "revision": revision,
    "method": "valgrind --tool=callgrind, (101 checks - 1 check) / 100, entracheck_bench --repeat",
    "per_check": {k: int(v) for k, v in (p.split("=", 1) for p in pairs)},
}
json.dump(data, open(path, "w"), indent=2)
open(path, "a").write("\n")
PY
