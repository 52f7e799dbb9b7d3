#!/bin/bash -eu
# The OSS-Fuzz / ClusterFuzzLite build (.clusterfuzzlite/build.sh runs it inside base-builder):
# builds the library with $CXX $CXXFLAGS through CMake (which also generates the tables from
# schemas/), then each fuzz target with $CXX $CXXFLAGS ... $LIB_FUZZING_ENGINE into $OUT, with
# the dictionary (regenerated from schemas/) as <target>.dict and corpus/<target>/ zipped as
# <target>_seed_corpus.zip.
#
# Locally, to try it without Docker:
#   CXX=clang++ CXXFLAGS="-fsanitize=address,fuzzer-no-link -g" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/out WORK=/tmp/work bash fuzz/ossfuzz.sh
set -eu
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${CXX:?}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"
CXXFLAGS="${CXXFLAGS:-}"
WORK="${WORK:-/tmp}"
BUILD="$WORK/entracheck-build"
mkdir -p "$OUT"

cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_CLI=OFF -DENTRACHECK_BUILD_FUZZERS=OFF \
  -DENTRACHECK_BUILD_BENCHMARKS=OFF -DENTRACHECK_INSTALL=OFF -DENTRACHECK_WERROR=OFF
cmake --build "$BUILD" --target entracheck -j"$(nproc)"

# RapidJSON and valijson: where CMake found them (system, or scripts/setup.sh's .deps/).
deps=()
for var in ENTRACHECK_RAPIDJSON_INCLUDE_DIR ENTRACHECK_VALIJSON_INCLUDE_DIR; do
  dir="$(sed -n "s/^$var:PATH=//p" "$BUILD/CMakeCache.txt")"
  # /usr/include is searched anyway; naming it again would break libstdc++'s #include_next.
  if [ -n "$dir" ] && [ "$dir" != /usr/include ]; then deps+=("-isystem" "$dir"); fi
done

cp "$REPO/fuzz/entracheck.dict" "$WORK/entracheck.dict"  # committed, written by scripts/generate.py
for target in fuzz_check fuzz_differential fuzz_http fuzz_content_type; do
  # shellcheck disable=SC2086  # CXXFLAGS and LIB_FUZZING_ENGINE are lists of flags
  $CXX $CXXFLAGS -std=c++17 \
    -I"$REPO/lib/include" -I"$REPO/lib/src" -I"$REPO/fuzz" "${deps[@]}" \
    "$REPO/fuzz/$target.cpp" -o "$OUT/$target" \
    $LIB_FUZZING_ENGINE "$BUILD/lib/libentracheck.a"
  cp "$WORK/entracheck.dict" "$OUT/$target.dict"
  printf '[libfuzzer]\nmax_len = 131072\n' >"$OUT/$target.options"
  if [ -d "$REPO/corpus/$target" ]; then
    (cd "$REPO/corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
done
