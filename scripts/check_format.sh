#!/usr/bin/env bash
# Checks that every tracked C/C++ file (*.h, *.hpp, *.c, *.cc, *.cpp) is formatted as
# .clang-format says, with clang-format 14 (Debian's clang-format; scripts/setup.sh installs it).
# Exits 1 and lists the files that are not, 2 when clang-format 14 is missing.
#
#   scripts/check_format.sh          # check (clang-format --dry-run --Werror)
#   scripts/check_format.sh --fix    # rewrite those files in place (clang-format -i)
#
# Not checked: fuzz/compat/ (a copy of LLVM's FuzzedDataProvider.h, kept byte-compatible) and
# generated sources (any path with a generated/ directory), which their generator formats.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

mode=check
case "${1:-}" in
  "") ;;
  --fix) mode=fix ;;
  *) printf 'usage: %s [--fix]\n' "$0" >&2; exit 2 ;;
esac

# The version matters: each clang-format release formats some constructs differently.
CLANG_FORMAT=""
for candidate in clang-format-14 clang-format; do
  if command -v "$candidate" >/dev/null && "$candidate" --version | grep -q 'version 14\.'; then
    CLANG_FORMAT="$candidate"
    break
  fi
done
if [ -z "$CLANG_FORMAT" ]; then
  printf 'format: error: clang-format 14 not found: run scripts/setup.sh (Debian package clang-format)\n' >&2
  exit 2
fi

files=()
while IFS= read -r -d '' f; do
  case "$f" in
    fuzz/compat/* | */generated/* | generated/*) continue ;;
  esac
  files+=("$f")
done < <(git ls-files -z -- '*.h' '*.hpp' '*.c' '*.cc' '*.cpp')
[ "${#files[@]}" -gt 0 ] || { printf 'format: error: git ls-files found no C/C++ file\n' >&2; exit 2; }

if [ "$mode" = fix ]; then
  "$CLANG_FORMAT" -i --style=file "${files[@]}"
  printf 'format: formatted %d files with %s\n' "${#files[@]}" "$CLANG_FORMAT"
  exit 0
fi

unformatted=()
for f in "${files[@]}"; do
  if ! "$CLANG_FORMAT" --dry-run --Werror --style=file "$f" >/dev/null 2>&1; then
    unformatted+=("$f")
  fi
done
if [ "${#unformatted[@]}" -gt 0 ]; then
  printf 'format: %d of %d files are not formatted as .clang-format says:\n' \
    "${#unformatted[@]}" "${#files[@]}" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  printf 'format: fix them with scripts/check_format.sh --fix (or clang-format -i FILE)\n' >&2
  exit 1
fi
printf 'format: all %d files formatted (%s)\n' "${#files[@]}" "$CLANG_FORMAT"
