#!/usr/bin/env bash
# The JavaScript side: builds the WebAssembly module (scripts/build-wasm.sh, which installs
# emscripten when missing), makes sure the native CLI is built (the tests compare with it),
# installs Chromium from Debian and playwright-core and typescript from npm when missing, then
# runs the npm package's node:test suites and the playground's (generated data up to date,
# TypeScript declarations, end-to-end in headless Chromium). Exits non-zero on any failure;
# prints how long each step took.
#
#   scripts/test-js.sh [NATIVE_BUILD_DIR]     (default: build/ in the repository)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$(realpath -m "${1:-$REPO/build}")"  # absolute: the tests run from other folders
export ENTRACHECK_CLI="${ENTRACHECK_CLI:-$BUILD_DIR/cli/entracheck}"
export ENTRACHECK_SCREENSHOT_DIR="${ENTRACHECK_SCREENSHOT_DIR:-$REPO/build-wasm}"

say() { printf 'test-js: %s\n' "$*"; }
die() { printf 'test-js: error: %s\n' "$*" >&2; exit 1; }
timings=()
step() {  # step NAME COMMAND...: runs it and records its duration
  local name="$1" start rc=0
  shift
  start=$(date +%s)
  "$@" || rc=$?
  timings+=("$name: $(( $(date +%s) - start )) s")
  return "$rc"
}

command -v node >/dev/null 2>&1 || die "Node.js (18 or later) is missing"
command -v npm >/dev/null 2>&1 || die "npm is missing"

build_cli() {
  if [ ! -f "$BUILD_DIR/build.ninja" ] && [ ! -f "$BUILD_DIR/Makefile" ]; then
    cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$BUILD_DIR" --target entracheck_cli
}

install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  [ "$(id -u)" -eq 0 ] || die "Chromium is missing; install it as root: apt-get install chromium"
  say "installing chromium from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

install_node_tools() {
  [ -d "$REPO/web/node_modules/playwright-core" ] && [ -d "$REPO/web/node_modules/typescript" ] && return 0
  say "installing playwright-core and typescript from npm (web/package-lock.json; no browser download: playwright drives /usr/bin/chromium)"
  (cd "$REPO/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
}

step "native CLI" build_cli
step "wasm build" "$REPO/scripts/build-wasm.sh"
step "chromium" install_chromium
step "npm tools" install_node_tools

status=0
say "node --test bindings/js/test/"
step "package tests" bash -c "cd '$REPO/bindings/js' && node --test test/" || status=1
say "node --test web/test/"
step "playground tests" bash -c "cd '$REPO/web' && node --test test/" || status=1

say "timings: ${timings[*]/%/;}"
[ "$status" -eq 0 ] && say "all JavaScript tests passed" || say "some JavaScript tests FAILED"
exit "$status"
