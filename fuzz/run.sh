#!/usr/bin/env bash
# Builds one fuzz target with clang (libFuzzer, ASan, UBSan) in build-fuzz/ and runs it.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#   fuzz/run.sh fuzz_check 600 -jobs=2
#
# The run starts from a copy of corpus/TARGET/ in a scratch dir (new inputs never touch the
# repository; see fuzz/make_corpus.sh to fold them in), uses the dictionary generated from the
# schemas, and exits non-zero on any crash, leak, timeout, sanitizer report or invariant
# violation, printing the reproducer's path, how to rerun it and its bytes in base64.
#
# Environment: FUZZ_BUILD_DIR, FUZZ_SKIP_BUILD=1, FUZZ_WORK_DIR (scratch, default
# build-fuzz/work/TARGET), FUZZ_TIMEOUT (seconds per input, default 25), FUZZ_RSS_MB (2048).
set -euo pipefail
# shellcheck source=fuzz/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ "$#" -ge 2 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
TARGET="$1"
SECONDS_TO_RUN="$2"
shift 2
fuzz_known_target "$TARGET" || fuzz_die "unknown target $TARGET (known: ${FUZZ_TARGETS[*]})"
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || fuzz_die "SECONDS must be a number"

fuzz_build "$TARGET"
DICT="$(fuzz_dict)"
fuzz_sanitizer_env

WORK="${FUZZ_WORK_DIR:-$FUZZ_BUILD_DIR/work/$TARGET}"
rm -rf "$WORK"
mkdir -p "$WORK/corpus" "$WORK/artifacts"
if [ -d "$REPO/corpus/$TARGET" ]; then
  cp -R "$REPO/corpus/$TARGET/." "$WORK/corpus/"
fi
LOG="$WORK/fuzz.log"

fuzz_say "running $TARGET for ${SECONDS_TO_RUN}s on $(find "$WORK/corpus" -type f | wc -l) seed(s); log: $LOG"
status=0
(cd "$WORK" && "$(fuzz_binary "$TARGET")" \
  -max_total_time="$SECONDS_TO_RUN" \
  -timeout="${FUZZ_TIMEOUT:-25}" \
  -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
  -max_len=131072 \
  -dict="$DICT" \
  -artifact_prefix="$WORK/artifacts/" \
  -print_final_stats=1 \
  ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
  "$@" \
  "$WORK/corpus") >"$LOG" 2>&1 || status=$?

# The final stats: executions and their rate.
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$LOG" \
  | sed "s/^/fuzz: $TARGET /" >&2 || true

artifacts=()
while IFS= read -r -d '' f; do artifacts+=("$f"); done < <(find "$WORK/artifacts" -type f -print0)
if [ "$status" -ne 0 ] || [ "${#artifacts[@]}" -gt 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:' "$LOG"; then
  fuzz_say "$TARGET FAILED (exit status $status); the end of the log:"
  tail -n 60 "$LOG" >&2
  for f in "${artifacts[@]}"; do fuzz_show_reproducer "$TARGET" "$f"; done
  exit 1
fi
fuzz_say "$TARGET: no finding in ${SECONDS_TO_RUN}s ($(find "$WORK/corpus" -type f | wc -l) inputs in the working corpus)"
