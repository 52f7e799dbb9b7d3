#!/usr/bin/env bash
# Builds the benchmarks in Release, runs them with repetitions, keeps the results and writes the
# report: one command.
#
#   scripts/bench.sh [Google Benchmark flags, e.g. --benchmark_filter='fast/|rapidjson_reader/']
#
# Steps: scripts/setup.sh (missing packages: Google Benchmark, simdjson, gnuplot), a Release
# build of entracheck_bench in build-bench/, a run with repetitions whose JSON lands in
# bench/results/<YYYY-MM-DD>-<hostname>.json (a second run on the same day and host replaces
# that day's file; other days' files are kept, so progress stays visible), then bench/report.py,
# which reads every results file and writes docs/benchmarks.md and docs/benchmarks.svg.
#
# Environment: ENTRACHECK_BENCH_REPETITIONS (default 5), ENTRACHECK_BENCH_MIN_TIME (seconds per
# repetition, default 0.5), ENTRACHECK_BENCH_BUILD_DIR (default build-bench/ in the repository).
# Run it on a quiet machine: the report prints the load average seen when the run started.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${ENTRACHECK_BENCH_BUILD_DIR:-$REPO/build-bench}"
REPETITIONS="${ENTRACHECK_BENCH_REPETITIONS:-5}"
MIN_TIME="${ENTRACHECK_BENCH_MIN_TIME:-0.5}"
RESULTS_DIR="$REPO/bench/results"

say() { printf 'bench: %s\n' "$*"; }

"$REPO/scripts/setup.sh"

say "configuring $BUILD_DIR (Release)"
cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DENTRACHECK_BUILD_BENCHMARKS=ON -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_FUZZERS=OFF \
  -DENTRACHECK_BUILD_CLI=OFF >/dev/null
say "building entracheck_bench"
cmake --build "$BUILD_DIR" --target entracheck_bench -j"$(nproc)"
BIN="$BUILD_DIR/bench/entracheck_bench"

# RapidJSON's per-byte UTF-8 check must be inlined into its string loop in the library and in the
# anchors alike, or the comparison is skewed (bench/rapidjson_anchors.h).
if nm -C "$BIN" | grep -q 'rapidjson::UTF8<char>::Validate<'; then
  say "warning: an out-of-line rapidjson::UTF8<>::Validate is in the binary: the RapidJSON numbers are skewed"
  export ENTRACHECK_BENCH_NOTE="out-of-line rapidjson::UTF8<>::Validate found: RapidJSON numbers skewed"
fi

revision="$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
export ENTRACHECK_BENCH_REVISION="$revision"
mkdir -p "$RESULTS_DIR"
out="$RESULTS_DIR/$(date +%F)-$(hostname -s 2>/dev/null || hostname).json"
tmp="$(mktemp "$RESULTS_DIR/.run.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

say "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
say "running: $REPETITIONS repetitions of ${MIN_TIME}s per benchmark (revision $revision)"
"$BIN" --benchmark_repetitions="$REPETITIONS" --benchmark_report_aggregates_only=true \
  --benchmark_min_time="$MIN_TIME" --benchmark_out="$tmp" --benchmark_out_format=json "$@"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
say "results: ${out#"$REPO"/}"

python3 "$REPO/bench/report.py" --results "$RESULTS_DIR" --markdown "$REPO/docs/benchmarks.md" \
  --svg "$REPO/docs/benchmarks.svg"
