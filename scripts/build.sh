#!/usr/bin/env bash
# Installs missing dependencies (scripts/setup.sh), then configures and builds entracheck.
#
#   scripts/build.sh [BUILD_DIR]     (default: build/ in the repository)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"

"$REPO/scripts/setup.sh"
echo "build: configuring $BUILD_DIR"
cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "build: building"
cmake --build "$BUILD_DIR" -j"$(nproc)"
