#!/usr/bin/env bash
# The README's Python install command, exactly, in a fresh virtual environment that sees only
# Debian's packages (no package index is reachable): then the installed package, not the source
# tree, checks an example.
#
#   tests/packaging/python_install.sh SOURCE_DIR LIBRARY WORK_DIR
set -euo pipefail
source_dir="$1"
library="$2"
work="$3"
python=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work/src/bindings"
# pip builds in the source directory (build/, *.egg-info): build a copy, not the checkout.
cp -r "$source_dir/bindings/python" "$work/src/bindings/python"
rm -rf "$work/src/bindings/python/build" "$work/src/bindings/python/"*.egg-info
"$python" -m venv --system-site-packages "$work/venv"
cd "$work/src"
PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$work/venv/bin/pip" install --no-build-isolation ./bindings/python
cd "$work"
ENTRACHECK_LIBRARY="$library" "$work/venv/bin/python" - "$source_dir" "$work/venv" <<'PY'
import pathlib, sys
import entracheck
source, venv = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
assert pathlib.Path(entracheck.__file__).resolve().is_relative_to(venv), entracheck.__file__
example = source / "examples/tokenIssuanceStart/numeric-claim-rejected-1003003.http"
verdict = entracheck.check_http(example.read_bytes())
assert (verdict.code, verdict.rule) == (1003003, "claims.value-type"), verdict
print("installed entracheck", entracheck.version(), "from", entracheck.__file__, "->", verdict.describe())
PY
