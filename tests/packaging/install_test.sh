#!/usr/bin/env bash
# scripts/install.sh into a scratch prefix, then every installed part used from there: the CLI
# on an example, the Python package (with the installed libentracheck.so, found beside it), the
# CMake package (a C program on entracheck::shared), the schemas and the man page.
#
#   tests/packaging/install_test.sh SOURCE_DIR WORK_DIR
set -euo pipefail
source_dir="$1"
work="$2"
rm -rf "$work"
mkdir -p "$work"
"$source_dir/scripts/install.sh" --prefix "$work/prefix" --build-dir "$work/build"
prefix="$work/prefix"
example="$source_dir/examples/tokenIssuanceStart/numeric-claim-rejected-1003003.http"
"$prefix/bin/entracheck" --version
status=0
"$prefix/bin/entracheck" check --json "$example" > "$work/cli.json" || status=$?
[ "$status" -eq 1 ] || { echo "install_test: expected exit 1 for a rejected example, got $status"; exit 1; }
grep -q '"code":1003003' "$work/cli.json"
test -f "$prefix/lib/libentracheck.a"
test -L "$prefix/lib/libentracheck.so"
test -f "$prefix/include/entracheck/entracheck_c.h"
test -f "$prefix/include/entracheck/testing/matchers.h"
test -f "$prefix/lib/cmake/entracheck/entracheckConfig.cmake"
test -f "$prefix/share/entracheck/schemas/tokenIssuanceStart.response.schema.json"
test -f "$prefix/share/man/man1/entracheck.1"
env -u ENTRACHECK_LIBRARY PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 - "$example" "$prefix" <<'PY'
import pathlib, sys
import entracheck
prefix = pathlib.Path(sys.argv[2]).resolve()
assert pathlib.Path(entracheck.__file__).resolve().is_relative_to(prefix), entracheck.__file__
verdict = entracheck.check_http(pathlib.Path(sys.argv[1]).read_bytes())
assert (verdict.code, verdict.rule) == (1003003, "claims.value-type"), verdict
PY
# The CMake package, without GoogleTest: the C API from C.
mkdir -p "$work/consumer"
cat > "$work/consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.19)
project(installed_consumer LANGUAGES C)
find_package(entracheck 0.1 REQUIRED)
add_executable(c_consumer "$source_dir/tests/packaging/c_consumer.c")
target_link_libraries(c_consumer PRIVATE entracheck::shared)
CMAKE
cmake -S "$work/consumer" -B "$work/consumer/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix"
cmake --build "$work/consumer/build"
"$work/consumer/build/c_consumer"
echo "install_test: every installed part works from $prefix"
