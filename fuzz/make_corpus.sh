#!/usr/bin/env bash
# Rebuilds corpus/<target>/ for every fuzz target: seeds from the golden cases (tests/cases) and
# the edge cases of fuzz/make_seeds.cpp, plus any extra corpus dirs given, minimised with
# libFuzzer's -merge=1 (keeps the smallest set of inputs that covers the same features). Also
# refreshes fuzz/entracheck.dict from the schemas (scripts/generate.py).
#
#   fuzz/make_corpus.sh                       # seeds only
#   fuzz/make_corpus.sh build-fuzz/work       # + what fuzz/run.sh runs found (DIR/<target>/corpus)
#
# Builds the clang libFuzzer binaries in build-fuzz/ first (as fuzz/run.sh does). Keep the result
# small: hundreds of files per target at most; the script prints the counts and sizes.
set -euo pipefail
# shellcheck source=fuzz/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

fuzz_build "${FUZZ_TARGETS[@]}" fuzz_make_seeds
python3 "$REPO/scripts/generate.py" >/dev/null  # every derived file, fuzz/entracheck.dict included
fuzz_sanitizer_env

SEEDS="$FUZZ_BUILD_DIR/seeds"
rm -rf "$SEEDS"
"$FUZZ_BUILD_DIR/fuzz/fuzz_make_seeds" --write "$REPO/tests/cases" "$SEEDS"

for target in "${FUZZ_TARGETS[@]}"; do
  inputs=("$SEEDS/$target")
  for extra in "$@"; do
    for candidate in "$extra/$target/corpus" "$extra/$target"; do
      if [ -d "$candidate" ]; then
        inputs+=("$candidate")
        break
      fi
    done
  done
  merged="$FUZZ_BUILD_DIR/merge/$target"
  rm -rf "$merged"
  mkdir -p "$merged"
  fuzz_say "merging ${inputs[*]} into corpus/$target"
  "$(fuzz_binary "$target")" -merge=1 -max_len=131072 -timeout=25 "$merged" "${inputs[@]}" \
    >"$FUZZ_BUILD_DIR/merge/$target.log" 2>&1 \
    || { tail -n 40 "$FUZZ_BUILD_DIR/merge/$target.log" >&2; fuzz_die "merge of $target failed"; }
  rm -rf "$REPO/corpus/$target"
  mkdir -p "$REPO/corpus/$target"
  cp "$merged"/* "$REPO/corpus/$target/"
  fuzz_say "corpus/$target: $(find "$REPO/corpus/$target" -type f | wc -l) files, $(du -sh "$REPO/corpus/$target" | cut -f1)"
done
fuzz_say "corpus/: $(du -sh "$REPO/corpus" | cut -f1) in all"
