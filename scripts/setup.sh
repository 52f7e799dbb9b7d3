#!/usr/bin/env bash
# Installs what the build needs on Debian bookworm, and only what is missing; safe to run again.
#
#   scripts/setup.sh
#
# Debian packages come from apt-get (root needed only when one is missing). valijson is
# header-only and its Debian package pulls in ~180 packages (Qt, Poco), so unless
# /usr/include/valijson exists its .deb is downloaded with apt-get and unpacked into .deps/
# (headers at .deps/usr/include/valijson; .deps/ is gitignored). Nothing else is downloaded.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$REPO/.deps"

# Build tools, clang-format 14 (scripts/check_format.sh), test and benchmark libraries,
# RapidJSON, Python (scripts) and gnuplot (charts).
PACKAGES=(
  cmake ninja-build g++ clang libclang-rt-14-dev clang-format
  libgtest-dev googletest libgmock-dev libbenchmark-dev
  rapidjson-dev libsimdjson-dev python3 python3-jsonschema gnuplot-nox
)

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
  say "packages: all ${#PACKAGES[@]} installed"
else
  say "packages missing: ${missing[*]}"
  if ! is_root; then
    die "run as root (e.g. sudo $0) or install them: apt-get install ${missing[*]}"
  fi
  apt_update_once
  say "installing ${#missing[@]} package(s)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 2. valijson headers.
if [ -d /usr/include/valijson ]; then
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
