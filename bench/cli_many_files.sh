#!/usr/bin/env bash
# Instructions of `entracheck check --quiet DIR` on about 1,000 captures (callgrind), and the
# share of them spent in infer_event(), the parse that only looks for the event (what
# check_inferring_event() saves where it can). Two sets, made from the golden cases: every case
# twice (mixed verdicts), and the accepted cases repeated to 1,000 files. Writes the
# "cli_many_files" entry of bench/measurements.json, which bench/report.py prints.
#
#   bench/cli_many_files.sh CLI_BIN [BASELINE_CLI_BIN]
#
# BASELINE_CLI_BIN: an earlier revision's entracheck, measured on the same sets, for the before and
# after columns (ENTRACHECK_BASELINE_REVISION names it). Both must print the same reports: the
# script compares their --json output and stops when it differs.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$#" -ge 1 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
CLI="$1"
BASE="${2:-}"
command -v valgrind >/dev/null || { echo "cli_many_files.sh: valgrind is not installed" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/mixed" "$tmp/accepted"
mapfile -t all < <(cd "$REPO/tests/cases" && find . -name '*.http' | sed 's|^\./||' | sort)
mapfile -t accepted < <(awk -F'\t' 'NR > 1 && $3 == "accepted" { print $1 }' "$REPO/tests/cases/cases.tsv")
i=0
for round in 1 2; do
  for f in "${all[@]}"; do
    i=$((i + 1))
    cp "$REPO/tests/cases/$f" "$tmp/mixed/$(printf %05d "$i").http"
  done
done
i=0
while [ "$i" -lt 1000 ]; do
  for f in "${accepted[@]}"; do
    i=$((i + 1))
    [ "$i" -gt 1000 ] && break
    cp "$REPO/tests/cases/$f" "$tmp/accepted/$(printf %05d "$i").http"
  done
done

# "total infer_event" instructions of one run.
measure() {
  local bin="$1" dir="$2" out="$tmp/callgrind.out"
  local total infer
  # check exits 1 when a capture is rejected: that is not a failure here.
  total="$({ valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" check --quiet "$dir" \
    2>&1 >/dev/null || true; } | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')"
  infer="$(callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
    awk '/entracheck::infer_event\(/ && !/reader\.h/ && !done { gsub(",", "", $1); print $1; done = 1 }')"
  echo "$total ${infer:-0}"
}

rows=()
for set in mixed accepted; do
  files="$(find "$tmp/$set" -name '*.http' | wc -l)"
  read -r total infer < <(measure "$CLI" "$tmp/$set")
  base_total=0
  base_infer=0
  if [ -n "$BASE" ]; then
    "$CLI" check --json "$tmp/$set" >"$tmp/new.json" 2>&1 || true
    "$BASE" check --json "$tmp/$set" >"$tmp/old.json" 2>&1 || true
    cmp -s "$tmp/new.json" "$tmp/old.json" ||
      { echo "cli_many_files.sh: the two binaries report differently on the $set set" >&2; exit 1; }
    read -r base_total base_infer < <(measure "$BASE" "$tmp/$set")
  fi
  echo "cli_many_files: $set ($files files): $total instructions, infer_event $infer" \
    "${BASE:+(baseline $base_total, infer_event $base_infer)}"
  rows+=("$set,$files,$total,$infer,$base_total,$base_infer")
done

revision="$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
python3 - "$REPO/bench/measurements.json" "$revision" "${ENTRACHECK_BASELINE_REVISION:-baseline}" \
  "${rows[@]}" <<'PY'
import datetime, json, os, sys
path, revision, baseline, rows = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
data = json.load(open(path)) if os.path.exists(path) else {}
sets = []
for row in rows:
    name, files, total, infer, base_total, base_infer = row.split(",")
    entry = {"set": name, "files": int(files), "instructions": int(total), "infer_event": int(infer)}
    if int(base_total):
        entry["baseline_instructions"] = int(base_total)
        entry["baseline_infer_event"] = int(base_infer)
    sets.append(entry)
data["cli_many_files"] = {
    "date": datetime.date.today().isoformat(),
    "revision": revision,
    "baseline_revision": baseline,
    "command": "entracheck check --quiet DIR (callgrind, the whole process)",
    "sets": sets,
}
json.dump(data, open(path, "w"), indent=2)
open(path, "a").write("\n")
PY
