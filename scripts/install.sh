#!/usr/bin/env bash
# Builds and installs entracheck for using it, with only what using it needs (scripts/setup.sh
# --user: a compiler, CMake, Ninja, RapidJSON, libcurl, CLI11, libxml2, Python): the CLI, the
# static and shared libraries, the headers, the CMake package, the JSON Schema files and the
# Python package. The schema reference engine (valijson) and the tests are left out.
#
#   scripts/install.sh [--prefix DIR] [--build-dir DIR]    (default: /usr/local, build-install/)
#
# Then: DIR/bin/entracheck, find_package(entracheck) with CMAKE_PREFIX_PATH=DIR, and
# `import entracheck` (with PYTHONPATH=DIR/lib/python3/dist-packages for a prefix other than /usr
# and /usr/local).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX=/usr/local
BUILD_DIR="$REPO/build-install"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install: --prefix needs a directory" >&2; exit 2; }; PREFIX="$2"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    --build-dir) [ $# -ge 2 ] || { echo "install: --build-dir needs a directory" >&2; exit 2; }; BUILD_DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"

"$REPO/scripts/setup.sh" --user
# Debian's python3 looks in /usr/lib/python3/dist-packages and /usr/local/lib/python3.X/dist-packages;
# elsewhere PYTHONPATH must name the directory (printed at the end).
python_args=()
if [ "$PREFIX" = /usr/local ]; then
  python_args=(-DENTRACHECK_PYTHON_INSTALL_DIR="$(python3 -c 'import sys; print("lib/python%d.%d/dist-packages" % sys.version_info[:2])')")
fi
echo "install: configuring $BUILD_DIR for $PREFIX"
cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" "${python_args[@]}" \
  -DENTRACHECK_INSTALL=ON -DENTRACHECK_BUILD_CLI=ON -DENTRACHECK_SCHEMA_ENGINE=OFF \
  -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_FUZZERS=OFF -DENTRACHECK_BUILD_BENCHMARKS=OFF \
  -DENTRACHECK_WERROR=OFF
echo "install: building"
cmake --build "$BUILD_DIR" -j"$(nproc)"
echo "install: installing into $PREFIX"
cmake --install "$BUILD_DIR"
python_dir="$(sed -n 's/^ENTRACHECK_PYTHON_INSTALL_DIR:STRING=//p' "$BUILD_DIR/CMakeCache.txt")"
[ "$PREFIX" = /usr ] && python_dir=lib/python3/dist-packages
echo "install: done: $PREFIX/bin/entracheck ($("$PREFIX/bin/entracheck" --version))"
if [ "$PREFIX" != /usr ] && [ "$PREFIX" != /usr/local ]; then
  echo "install: C++: -DCMAKE_PREFIX_PATH=$PREFIX; Python: PYTHONPATH=$PREFIX/$python_dir"
fi
