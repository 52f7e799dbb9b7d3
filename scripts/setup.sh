#!/usr/bin/env bash
# Installs what entracheck needs on Debian bookworm, and only what is missing; safe to run again.
#
#   scripts/setup.sh          what developing entracheck needs: building, every test, fuzzing,
#                             benchmarks (what scripts/build.sh, scripts/test.sh and CI use)
#   scripts/setup.sh --user   only what using it needs: building and installing the CLI, the
#                             libraries and the Python package (what scripts/install.sh uses)
#
# Debian packages come from apt-get (root needed only when one is missing). valijson (developing
# only: the schema reference engine) is header-only and its Debian package pulls in ~180 packages
# (Qt, Poco), so unless /usr/include/valijson exists its .deb is downloaded with apt-get and
# unpacked into .deps/ (headers at .deps/usr/include/valijson; .deps/ is gitignored). Nothing
# else is downloaded.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$REPO/.deps"

# Using entracheck: a compiler, CMake and Ninja, RapidJSON (the library); CLI11 (arguments),
# libcurl (call), cjose over OpenSSL and zlib (JWE, JWS), libxml2 (check --junit) for the CLI;
# Python with setuptools and wheel (installing the Python package without a package index).
USER_PACKAGES=(
  g++ cmake ninja-build rapidjson-dev libcurl4-openssl-dev libcli11-dev
  libcjose-dev libssl-dev zlib1g-dev pkg-config libxml2-dev
  python3 python3-setuptools python3-wheel
)
# Developing it: clang and its sanitizer runtimes (fuzzing), GoogleTest/GoogleMock, Google
# Benchmark and simdjson (benchmarks, and the fast path's hot path, used when found), jsonschema
# and pytest (tests), venv (the install test), git (the FetchContent test), dpkg-dev (the .deb's
# dependencies), gnuplot (charts), clang-format 14 (scripts/check_format.sh), and the openssl tool
# and cpp-httplib (the CLI's test servers on 127.0.0.1).
DEV_PACKAGES=(
  clang libclang-rt-14-dev libgtest-dev googletest libgmock-dev libbenchmark-dev libsimdjson-dev
  python3-jsonschema python3-pytest python3-venv git dpkg-dev gnuplot-nox clang-format
  openssl libcpp-httplib-dev
)

MODE=dev
case "${1:-}" in
  "") ;;
  --user) MODE=user ;;
  --dev) ;;
  -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
  *) printf 'setup: error: unknown option %s (use --user or --dev)\n' "$1" >&2; exit 2 ;;
esac
PACKAGES=("${USER_PACKAGES[@]}")
if [ "$MODE" = dev ]; then
  PACKAGES+=("${DEV_PACKAGES[@]}")
fi

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

updated=0
apt_update_once() {
  if [ "$updated" -eq 0 ]; then
    say "apt-get update"
    apt-get update -qq
    updated=1
  fi
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  die "dpkg-query and apt-get not found: this script supports Debian bookworm only"
fi

# 1. Debian packages.
missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  say "packages ($MODE): all ${#PACKAGES[@]} installed"
else
  say "packages missing: ${missing[*]}"
  if ! is_root; then
    die "run as root (e.g. sudo $0) or install them: apt-get install ${missing[*]}"
  fi
  apt_update_once
  say "installing ${#missing[@]} package(s)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 2. valijson headers (developing only).
if [ "$MODE" = user ]; then
  say "valijson: not needed to use entracheck (the schema reference engine is a developer tool)"
elif [ -d /usr/include/valijson ]; then
  say "valijson: /usr/include/valijson"
elif [ -f "$DEPS/usr/include/valijson/validator.hpp" ]; then
  say "valijson: .deps/usr/include/valijson"
else
  say "valijson: fetching libvalijson-dev headers into .deps/"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # apt-get download runs as the _apt user when started by root: let it write here.
  if is_root && id _apt >/dev/null 2>&1; then
    chown _apt "$tmp"
  fi
  if is_root; then
    apt_update_once
  fi
  (cd "$tmp" && apt-get download -qq libvalijson-dev) \
    || die "apt-get download libvalijson-dev failed (as root, this script refreshes the package lists first)"
  debs=("$tmp"/libvalijson-dev_*.deb)
  [ -f "${debs[0]}" ] || die "apt-get download left no libvalijson-dev .deb"
  # Unpack beside the destination and rename, so an interrupted run never leaves half a tree.
  mkdir -p "$DEPS/usr/include"
  stage="$DEPS/.unpack.$$"
  trap 'rm -rf "$tmp" "$stage"' EXIT
  dpkg-deb -x "${debs[0]}" "$stage"
  [ -f "$stage/usr/include/valijson/validator.hpp" ] \
    || die "libvalijson-dev holds no usr/include/valijson/validator.hpp"
  rm -rf "$DEPS/usr/include/valijson"
  mv "$stage/usr/include/valijson" "$DEPS/usr/include/valijson"
  cp -a "$stage/." "$DEPS/"  # the rest: the copyright file under usr/share/doc
  say "valijson: unpacked $(basename "${debs[0]}") into .deps/"
fi

say "done"
