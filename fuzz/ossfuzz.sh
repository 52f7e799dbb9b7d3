#!/bin/bash -eu
# The OSS-Fuzz / ClusterFuzzLite build (.clusterfuzzlite/build.sh runs it inside base-builder).
# CMake builds the library and every target of fuzz/targets.txt with $CXX $CXXFLAGS (the
# sanitizer and coverage flags OSS-Fuzz chose, for the library too), links the targets with
# $LIB_FUZZING_ENGINE, and this script puts in $OUT, for each target:
#   <target>                  the fuzzer
#   <target>.dict             the dictionary, regenerated from schemas/
#   <target>.options          libFuzzer options (max_len)
#   <target>_seed_corpus.zip  corpus/<target>/
#
# Build type None: no -O or -DNDEBUG of CMake's own beside $CXXFLAGS, so OSS-Fuzz's -O1 and
# -gline-tables-only hold and RapidJSON's assertions stay on. fuzz/ossfuzz_local_test.sh runs
# this script as base-builder does, without Docker.
set -eu
# shellcheck source=fuzz/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${CXX:?}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}" "${WORK:?}"
BUILD="$WORK/entracheck-build"
mkdir -p "$OUT"

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$REPO" -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" \
  -DENTRACHECK_BUILD_FUZZERS=ON -DENTRACHECK_FUZZ_LIBFUZZER=ON \
  -DENTRACHECK_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_CLI=OFF -DENTRACHECK_BUILD_BENCHMARKS=OFF \
  -DENTRACHECK_INSTALL=OFF -DENTRACHECK_WERROR=OFF
cmake --build "$BUILD" --target entracheck_fuzzers -j"$(nproc)"

cp "$REPO/fuzz/entracheck.dict" "$WORK/entracheck.dict"  # committed, written by scripts/generate.py
for target in "${FUZZ_TARGETS[@]}"; do
  cp "$BUILD/fuzz/$target" "$OUT/$target"
  cp "$WORK/entracheck.dict" "$OUT/$target.dict"
  printf '[libfuzzer]\nmax_len = 131072\n' >"$OUT/$target.options"
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$REPO/corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
done
fuzz_say "built ${FUZZ_TARGETS[*]} into $OUT"
