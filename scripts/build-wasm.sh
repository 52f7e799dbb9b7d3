#!/usr/bin/env bash
# Builds the WebAssembly module of entracheck's fast engine (no valijson, no libcurl) into the
# npm package, bindings/js/dist/entracheck_wasm.cjs (the .wasm is embedded), and copies it next
# to the playground (web/entracheck_wasm.js). Installs Debian's emscripten when it is missing.
#
#   scripts/build-wasm.sh [BUILD_DIR]     (default: build-wasm/ in the repository)
#
# The sources come from the library's CMake target (bindings/js/CMakeLists.txt adds the
# repository as a subproject), configured through emcmake.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${1:-$REPO/build-wasm}"

say() { printf 'build-wasm: %s\n' "$*"; }
die() { printf 'build-wasm: error: %s\n' "$*" >&2; exit 1; }

if ! command -v emcmake >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || die "emscripten is missing; install it as root: apt-get install --no-install-recommends emscripten"
  say "installing emscripten from Debian (about 800 MB)"
  start=$(date +%s)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends emscripten >/dev/null
  say "emscripten installed in $(( $(date +%s) - start )) s"
fi
[ -f /usr/include/rapidjson/reader.h ] || die "RapidJSON is missing: run scripts/setup.sh"

# emscripten's optimizer finds Debian's acorn here.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
# glibc's headers in /usr/include clash with emscripten's sysroot: give the compiler a folder
# that holds RapidJSON's headers and nothing else.
mkdir -p "$BUILD_DIR/rapidjson-include"
ln -sfn /usr/include/rapidjson "$BUILD_DIR/rapidjson-include/rapidjson"

say "configuring $BUILD_DIR"
emcmake cmake -S "$REPO/bindings/js" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DENTRACHECK_RAPIDJSON_INCLUDE_DIR="$BUILD_DIR/rapidjson-include" \
  -DENTRACHECK_WASM_OUTPUT_DIR="$REPO/bindings/js/dist" >/dev/null
say "building"
cmake --build "$BUILD_DIR" -j"$(nproc)"
cp "$REPO/bindings/js/dist/entracheck_wasm.cjs" "$REPO/web/entracheck_wasm.js"
cp "$REPO/bindings/js/core.cjs" "$REPO/web/entracheck_core.js"
say "built $(wc -c <"$REPO/bindings/js/dist/entracheck_wasm.cjs") bytes: bindings/js/dist/entracheck_wasm.cjs, web/entracheck_wasm.js"
