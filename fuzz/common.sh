# shellcheck shell=bash
# Shared by fuzz/run.sh, fuzz/ci.sh, fuzz/make_corpus.sh and fuzz/ossfuzz.sh (sourced, not run).
#
# Environment:
#   FUZZ_BUILD_DIR   the clang build (default: build-fuzz/ in the repository)
#   FUZZ_SKIP_BUILD  set to 1 to use the binaries already built (e.g. several runs at once)
#   CC, CXX          default clang, clang++

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_BUILD_DIR="${FUZZ_BUILD_DIR:-$REPO/build-fuzz}"

fuzz_say() { printf 'fuzz: %s\n' "$*" >&2; }
fuzz_die() { printf 'fuzz: error: %s\n' "$*" >&2; exit 2; }

# The targets, from fuzz/targets.txt (the one list; fuzz/CMakeLists.txt reads it too).
FUZZ_TARGETS=()
while IFS= read -r line; do
  case "$line" in "" | "#"*) continue ;; esac
  FUZZ_TARGETS+=("$line")
done <"$REPO/fuzz/targets.txt"
[ "${#FUZZ_TARGETS[@]}" -gt 0 ] || fuzz_die "fuzz/targets.txt names no fuzz target"

# The sanitizers of build-fuzz/, for the library and the targets alike (CMAKE_CXX_FLAGS), with
# libFuzzer's coverage instrumentation; the targets then link with -fsanitize=fuzzer.
FUZZ_CXXFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fsanitize=fuzzer-no-link"

fuzz_known_target() {
  local t
  for t in "${FUZZ_TARGETS[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

# Configures the clang build with the libFuzzer targets and builds the targets named (every fuzz
# target when none are named).
fuzz_build() {
  if [ "${FUZZ_SKIP_BUILD:-0}" = 1 ]; then
    fuzz_say "FUZZ_SKIP_BUILD=1: using the binaries in $FUZZ_BUILD_DIR"
    return 0
  fi
  command -v "${CXX:-clang++}" >/dev/null || fuzz_die "${CXX:-clang++} not found: run scripts/setup.sh"
  local targets=("$@")
  [ "${#targets[@]}" -gt 0 ] || targets=("${FUZZ_TARGETS[@]}")
  fuzz_say "configuring $FUZZ_BUILD_DIR (clang, libFuzzer, ASan, UBSan)"
  CC="${CC:-clang}" CXX="${CXX:-clang++}" cmake -S "$REPO" -B "$FUZZ_BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$FUZZ_CXXFLAGS" \
    -DENTRACHECK_BUILD_FUZZERS=ON -DENTRACHECK_FUZZ_LIBFUZZER=ON -DENTRACHECK_FUZZ_ENGINE=-fsanitize=fuzzer \
    -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_CLI=OFF -DENTRACHECK_BUILD_BENCHMARKS=OFF \
    -DENTRACHECK_INSTALL=OFF -DENTRACHECK_WERROR=OFF >"$FUZZ_BUILD_DIR.configure.log" 2>&1 \
    || { cat "$FUZZ_BUILD_DIR.configure.log" >&2; fuzz_die "configure failed"; }
  fuzz_say "building ${targets[*]}"
  cmake --build "$FUZZ_BUILD_DIR" -j"${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}" \
    || fuzz_die "build failed"
}

fuzz_binary() { printf '%s/fuzz/%s' "$FUZZ_BUILD_DIR" "$1"; }

# The dictionary: fuzz/entracheck.dict, written by scripts/generate.py from the schemas and kept
# current by the generated_files_up_to_date test, so a run sees every @odata.type of the schemas.
fuzz_dict() {
  printf '%s' "$REPO/fuzz/entracheck.dict"
}

# Sanitizer settings of every run: stop at the first report, leaks count, and only the known
# harmless UBSan reports in RapidJSON's and valijson's headers are suppressed (fuzz/ubsan.supp).
fuzz_sanitizer_env() {
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1:handle_abort=1:allocator_may_return_null=1:${ASAN_OPTIONS_EXTRA:-}"
  export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:symbolize=1:suppressions=$REPO/fuzz/ubsan.supp:${UBSAN_OPTIONS_EXTRA:-}"
  if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
    local s
    for s in llvm-symbolizer-14 llvm-symbolizer; do
      if command -v "$s" >/dev/null; then
        ASAN_SYMBOLIZER_PATH="$(command -v "$s")"
        export ASAN_SYMBOLIZER_PATH
        break
      fi
    done
  fi
}

# Prints a reproducer: its path, how to rerun it, and its bytes (base64).
fuzz_show_reproducer() {
  local target="$1" file="$2"
  printf '\nfuzz: reproducer for %s: %s (%s bytes)\n' "$target" "$file" "$(wc -c <"$file")" >&2
  printf 'fuzz: rerun with:  %s %s\n' "$(fuzz_binary "$target")" "$file" >&2
  printf 'fuzz:          or:  build/fuzz/%s_replay %s   (any compiler, no sanitizers)\n' "$target" "$file" >&2
  printf 'fuzz: base64 (decode with base64 -d > repro):\n' >&2
  if [ "$(wc -c <"$file")" -le 65536 ]; then
    base64 "$file" >&2
  else
    head -c 65536 "$file" | base64 >&2
    printf '(first 64 KiB only)\n' >&2
  fi
}
