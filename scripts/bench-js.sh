#!/usr/bin/env bash
# The npm package's benchmark (not a test): builds the WebAssembly module, the native benchmark
# (Release, as scripts/bench.sh builds it) and the CLI, then runs bindings/js/bench/bench.mjs,
# which rewrites the "WebAssembly and Node" section of docs/benchmarks.md.
#
#   scripts/bench-js.sh [SECONDS_PER_BODY]     (default 2)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_BODY="${1:-2}"

"$REPO/scripts/build-wasm.sh"
cmake -S "$REPO" -B "$REPO/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DENTRACHECK_BUILD_BENCHMARKS=ON -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_FUZZERS=OFF \
  -DENTRACHECK_BUILD_CLI=ON >/dev/null
cmake --build "$REPO/build-bench" --target entracheck_bench entracheck_cli -j"$(nproc)"
node "$REPO/bindings/js/bench/bench.mjs" "$REPO/build-bench/bench/entracheck_bench" \
  "$REPO/build-bench/cli/entracheck" --seconds "$SECONDS_PER_BODY"
