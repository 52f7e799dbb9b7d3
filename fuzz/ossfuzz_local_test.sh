#!/usr/bin/env bash
# Proves the OSS-Fuzz / ClusterFuzzLite build without Docker, the way base-builder calls it:
# CC, CXX, CFLAGS, CXXFLAGS, LIB_FUZZING_ENGINE, SRC, OUT and WORK set, a copy of the
# repository's files at $SRC/entracheck, and .clusterfuzzlite/build.sh run from there. Then, as
# OSS-Fuzz's run_fuzzer does, every target of fuzz/targets.txt must be in $OUT with its .dict,
# .options and _seed_corpus.zip, and runs its unzipped seed corpus with the [libfuzzer] options
# of its .options file and its dictionary: -runs=0 (each seed once), or SECONDS of fuzzing on top.
#
#   fuzz/ossfuzz_local_test.sh [SECONDS]          (default 0)
#
# Environment: CXXFLAGS (default: OSS-Fuzz's address build plus UBSan), OSSFUZZ_TEST_DIR (the
# scratch dir holding SRC, OUT and WORK; default a new temporary dir, removed on success).
# Needs clang 14 and libclang-rt-14-dev (scripts/setup.sh), zip and unzip.
set -euo pipefail
# shellcheck source=fuzz/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SECONDS_TO_RUN="${1:-0}"
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || fuzz_die "SECONDS must be a number"
for tool in clang clang++ zip unzip; do
  command -v "$tool" >/dev/null || fuzz_die "$tool not found (scripts/setup.sh installs clang; zip and unzip are Debian packages)"
done

ROOT="${OSSFUZZ_TEST_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/entracheck-ossfuzz.XXXXXX")}"
export SRC="$ROOT/src" OUT="$ROOT/out" WORK="$ROOT/work"
rm -rf "$SRC" "$OUT" "$WORK"
mkdir -p "$SRC/entracheck" "$OUT" "$WORK"

# base-builder's environment for a libFuzzer build (its compile script exports these).
export CC=clang CXX=clang++
export SANITIZER_FLAGS="-fsanitize=address,undefined -fsanitize-address-use-after-scope"
export CFLAGS="${CFLAGS:--O1 -fno-omit-frame-pointer -gline-tables-only $SANITIZER_FLAGS -fsanitize=fuzzer-no-link}"
export CXXFLAGS="${CXXFLAGS:-$CFLAGS}"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
# The Dockerfile copies valijson's headers into /usr/include; here they may be in .deps/.
if [ -d "$REPO/.deps/usr/include" ]; then
  export CMAKE_INCLUDE_PATH="$REPO/.deps/usr/include${CMAKE_INCLUDE_PATH:+:$CMAKE_INCLUDE_PATH}"
fi

# The files Docker's COPY would see in a fresh checkout: tracked and untracked-but-not-ignored.
(cd "$REPO" && git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf -) | tar -C "$SRC/entracheck" -xf -

fuzz_say "OSS-Fuzz build in $ROOT (CXXFLAGS=$CXXFLAGS)"
start=$(date +%s)
(cd "$SRC/entracheck" && bash "$SRC/entracheck/.clusterfuzzlite/build.sh") >"$ROOT/build.log" 2>&1 \
  || { tail -n 60 "$ROOT/build.log" >&2; fuzz_die "the OSS-Fuzz build failed (log: $ROOT/build.log)"; }
built=$(( $(date +%s) - start ))
fuzz_say "built in ${built}s"

fuzz_sanitizer_env
failed=()
run_start=$(date +%s)
for target in "${FUZZ_TARGETS[@]}"; do
  missing=()
  for f in "$target" "$target.dict" "$target.options" "${target}_seed_corpus.zip"; do
    [ -s "$OUT/$f" ] || missing+=("$f")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    fuzz_say "$target: missing in \$OUT: ${missing[*]}"
    failed+=("$target")
    continue
  fi
  corpus="$WORK/run/$target/corpus"
  mkdir -p "$corpus" "$WORK/run/$target/artifacts"
  unzip -q -o "$OUT/${target}_seed_corpus.zip" -d "$corpus"
  # The [libfuzzer] section of the .options file, as -key=value flags.
  options=()
  while IFS= read -r line; do options+=("$line"); done < <(awk '
    /^\[/ { section = $0; next }
    section == "[libfuzzer]" && /=/ { gsub(/[ \t]/, ""); split($0, kv, "="); print "-" kv[1] "=" kv[2] }
  ' "$OUT/$target.options")
  if [ "$SECONDS_TO_RUN" -gt 0 ]; then
    limit=(-max_total_time="$SECONDS_TO_RUN" -seed=1)
  else
    limit=(-runs=0)
  fi
  log="$WORK/run/$target/fuzz.log"
  status=0
  (cd "$WORK/run/$target" && "$OUT/$target" "${options[@]}" -dict="$OUT/$target.dict" \
    -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 "${limit[@]}" \
    -artifact_prefix="$WORK/run/$target/artifacts/" "$corpus") >"$log" 2>&1 || status=$?
  seeds=$(find "$corpus" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ "$status" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:' "$log"; then
    fuzz_say "$target FAILED (exit status $status); the end of $log:"
    tail -n 40 "$log" >&2
    failed+=("$target")
  else
    fuzz_say "$target: $seeds seeds, ${execs:-?} executions, options ${options[*]:-none}, no finding"
  fi
done
fuzz_say "ran in $(( $(date +%s) - run_start ))s; build ${built}s"

if [ "${#failed[@]}" -gt 0 ]; then
  fuzz_say "FAILED: ${failed[*]} (everything is kept in $ROOT)"
  exit 1
fi
if [ -z "${OSSFUZZ_TEST_DIR:-}" ]; then rm -rf "$ROOT"; fi
fuzz_say "the OSS-Fuzz build of all ${#FUZZ_TARGETS[@]} targets works"
