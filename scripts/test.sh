#!/usr/bin/env bash
# Builds entracheck (scripts/build.sh) and runs the whole test suite; exits with ctest's status.
#
#   scripts/test.sh [BUILD_DIR]      (default: build/ in the repository)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"

"$REPO/scripts/build.sh" "$BUILD_DIR"
echo "test: ctest"
exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
