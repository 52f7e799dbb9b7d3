#!/usr/bin/env bash
# CI's fuzz step (.ci/run): builds every fuzz target with clang, libFuzzer, ASan and UBSan in
# build-fuzz/, runs each for FUZZ_SECONDS (default 60) from its corpus with the dictionary, and
# fails on any crash, leak, timeout, sanitizer report or differential mismatch, printing the
# reproducer (path, rerun command, base64). Budget on CI's 2 cores: ~2 min build + 5 x 48 s (the
# four minutes that four targets had at 60 s each).
#
#   bash fuzz/ci.sh                  FUZZ_SECONDS=10 bash fuzz/ci.sh
set -euo pipefail
# shellcheck source=fuzz/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FUZZ_SECONDS="${FUZZ_SECONDS:-48}"
# A fixed seed, so that CI explores the same mutations for the same commit and corpus (how far
# it gets depends on the machine's speed); long runs on a workstation use random seeds.
export FUZZ_SEED="${FUZZ_SEED:-1}"
[[ "$FUZZ_SECONDS" =~ ^[0-9]+$ ]] || fuzz_die "FUZZ_SECONDS must be a number of seconds"

"$REPO/scripts/setup.sh"   # clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes)
start=$(date +%s)
fuzz_build
fuzz_say "built in $(( $(date +%s) - start ))s"

failed=()
for target in "${FUZZ_TARGETS[@]}"; do
  if ! FUZZ_SKIP_BUILD=1 "$REPO/fuzz/run.sh" "$target" "$FUZZ_SECONDS"; then
    failed+=("$target")
  fi
done

fuzz_say "fuzz step took $(( $(date +%s) - start ))s"
if [ "${#failed[@]}" -gt 0 ]; then
  fuzz_say "FAILED: ${failed[*]} (reproducers above; see fuzz/README.md, 'Reproducing')"
  exit 1
fi
fuzz_say "all ${#FUZZ_TARGETS[@]} targets ran ${FUZZ_SECONDS}s each without a finding"
