#!/usr/bin/env bash
# Runs this revision's entracheck_bench and an earlier revision's, interleaved, in one session:
# the results land in bench/results/<date>-<host>.json and bench/results/baseline/ under the
# same name, and bench/report.py compares them (the rejected-body target).
#
#   bench/against_baseline.sh BUILD_BIN BASELINE_BIN [ROUNDS]
#
# Each round runs every benchmark once in each binary (BASELINE_BIN with the fast/ filter only);
# Google Benchmark's repetitions within a round give the medians. Build BASELINE_BIN from a
# checkout of the earlier revision outside the repository (git archive REV | tar -x -C DIR).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$1"
BASE="$2"
ROUNDS="${3:-3}"
MIN_TIME="${ENTRACHECK_BENCH_MIN_TIME:-0.2}"
name="$(date +%F)-$(hostname -s 2>/dev/null || hostname)"
out="$REPO/bench/results/$name.json"
base_out="$REPO/bench/results/baseline/$name.json"
mkdir -p "$REPO/bench/results/baseline"
ENTRACHECK_BENCH_REVISION="$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
export ENTRACHECK_BENCH_REVISION
BASE_REVISION="${ENTRACHECK_BASELINE_REVISION:-baseline}"
# Interleaved: the repetitions of one binary alternate with the other's, ROUNDS times, so load
# changes on a shared machine hit both alike; the last round's files are kept.
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS"
  "$BIN" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_min_time="$MIN_TIME" --benchmark_out="$out.tmp$round" --benchmark_out_format=json >/dev/null
  ENTRACHECK_BENCH_REVISION="$BASE_REVISION" "$BASE" --benchmark_filter='^fast/' \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_min_time="$MIN_TIME" --benchmark_out="$base_out.tmp$round" --benchmark_out_format=json >/dev/null
done
# Each file keeps, per benchmark, the round with the median time.
python3 - "$out" "$base_out" "$ROUNDS" <<'PY'
import json, sys
out, base_out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for target in (out, base_out):
    runs = [json.load(open(f"{target}.tmp{r}")) for r in range(1, rounds + 1)]
    merged = runs[-1]
    rows = {}
    for run in runs:
        for row in run["benchmarks"]:
            if row.get("aggregate_name") == "median":
                rows.setdefault(row["run_name"], []).append(row)
    keep = []
    for row in merged["benchmarks"]:
        if row.get("aggregate_name") == "median":
            candidates = sorted(rows[row["run_name"]], key=lambda r: r["cpu_time"])
            keep.append(candidates[len(candidates) // 2])
        elif row.get("aggregate_name") != "median":
            keep.append(row)
    merged["benchmarks"] = keep
    json.dump(merged, open(target, "w"), indent=1)
PY
rm -f "$out".tmp* "$base_out".tmp*
echo "results: ${out#"$REPO"/} and ${base_out#"$REPO"/}"
