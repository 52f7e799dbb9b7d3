#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it with dpkg -i, uses every installed part (the
# CLI on an installed example, the Python package, a GoogleTest and a C consumer built against
# the installed CMake package), then removes it with dpkg -r. Needs root (CI runs as root on
# Debian) and the developer packages (scripts/setup.sh).
#
#   scripts/deb_roundtrip.sh [BUILD_DIR]     (default: build-deb/ in the repository)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${1:-$REPO/build-deb}"
say() { printf 'deb: %s\n' "$*"; }
die() { printf 'deb: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "dpkg -i needs root (run as root, or sudo $0)"
if dpkg-query -W -f='${Status}' entracheck 2>/dev/null | grep -q "install ok installed"; then
  die "an entracheck package is installed already; remove it first (dpkg -r entracheck)"
fi

"$REPO/scripts/setup.sh"
say "configuring $BUILD_DIR (prefix /usr)"
cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DENTRACHECK_INSTALL=ON -DENTRACHECK_BUILD_TESTS=OFF -DENTRACHECK_BUILD_FUZZERS=OFF \
  -DENTRACHECK_BUILD_BENCHMARKS=OFF
cmake --build "$BUILD_DIR" -j"$(nproc)"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD_DIR/CMakeCache.txt")"
arch="$(dpkg --print-architecture)"
deb="$BUILD_DIR/entracheck_${version}_${arch}.deb"
rm -f "$deb"
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
[ -f "$deb" ] || die "cpack made no $deb"
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# What the package must hold.
files="$(dpkg-deb -c "$deb" | awk '{print $6}')"
for pattern in ./usr/bin/entracheck "./usr/lib/*/libentracheck.a" "./usr/lib/*/libentracheck.so.${version}" \
    ./usr/include/entracheck/entracheck.h ./usr/include/entracheck/entracheck_c.h \
    ./usr/include/entracheck/testing/matchers.h "./usr/lib/*/cmake/entracheck/entracheckConfig.cmake" \
    ./usr/share/entracheck/schemas/tokenIssuanceStart.response.schema.json \
    "./usr/share/man/man1/entracheck.1*" ./usr/lib/python3/dist-packages/entracheck/__init__.py; do
  found=0
  while IFS= read -r file; do
    # shellcheck disable=SC2053  # the pattern is a glob on purpose
    if [[ "$file" == $pattern ]]; then found=1; break; fi
  done <<< "$files"
  [ "$found" -eq 1 ] || die "the package lacks $pattern"
done

installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    say "dpkg -r entracheck"
    dpkg -r entracheck >/dev/null
    dpkg --purge entracheck >/dev/null  # and its record in dpkg's database
  fi
}
trap cleanup EXIT
say "dpkg -i $(basename "$deb")"
dpkg -i "$deb"
installed=1

say "$(/usr/bin/entracheck --version)"
example=/usr/share/entracheck/examples/tokenIssuanceStart/numeric-claim-rejected-1003003.http
status=0
/usr/bin/entracheck check "$example" || status=$?
[ "$status" -eq 1 ] || die "entracheck check $example exited $status, expected 1 (rejected)"
/usr/bin/entracheck check /usr/share/entracheck/examples/tokenIssuanceStart/provide-claims-accepted.http
man -w entracheck >/dev/null 2>&1 || [ -f /usr/share/man/man1/entracheck.1.gz ] || [ -f /usr/share/man/man1/entracheck.1 ] \
  || die "no man page"

# The Python package, from Debian's python3, with the library found by the system loader.
(cd / && env -u PYTHONPATH -u ENTRACHECK_LIBRARY /usr/bin/python3 - "$example" <<'PY'
import pathlib, sys
import entracheck
assert entracheck.__file__.startswith("/usr/lib/python3/dist-packages/"), entracheck.__file__
verdict = entracheck.check_http(pathlib.Path(sys.argv[1]).read_bytes())
assert (verdict.code, verdict.rule) == (1003003, "claims.value-type"), verdict
print("deb: python:", verdict.describe())
PY
)

# A consumer built against the installed CMake package (no CMAKE_PREFIX_PATH: it is in /usr).
consumer="$BUILD_DIR/deb-consumer"
rm -rf "$consumer"
cmake -S "$REPO/tests/packaging/find-package" -B "$consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$consumer" >/dev/null
"$consumer/consumer_test" --gtest_brief=1
"$consumer/c_consumer"

cleanup
installed=0
[ ! -e /usr/bin/entracheck ] || die "dpkg -r left /usr/bin/entracheck"
say "round trip done: built, installed, used and removed $(basename "$deb")"
