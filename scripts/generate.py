#!/usr/bin/env python3
"""Writes every file derived from the data in schemas/ (the single source of truth).

    scripts/generate.py            rewrite every derived file that is out of date
    scripts/generate.py --check    write nothing; exit 1 naming each file that is out of date
                                   (the CTest drift check generated_files_up_to_date)

From schemas/events.json, rules.json, limits.json and error-codes.json it writes:

    schemas/*.schema.json                  the JSON Schema files (scripts/gen/schemas.py)
    lib/include/entracheck/*.h regions     enumerators and limits, one comment each
    lib/src/contract_tables.h regions      the private Field and Action enumerators
    lib/src/generated/*.inc                the rows of the C++ tables          (scripts/gen/cpp.py)
    lib/src/generated/embedded_schemas.cpp the schema files, for the reference checker
    README.md regions                      the rules, warnings, codes, events and limits tables
                                           (scripts/gen/docs.py)
    fuzz/entracheck.dict                   the libFuzzer dictionary (scripts/gen/fuzz_dict.py)

Everything it writes is committed, so building the library needs no Python. Output is
deterministic. Python 3 standard library only.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree

from gen import cpp, docs, fuzz_dict, schemas  # noqa: E402
from gen.common import REPO  # noqa: E402


def outputs():
    """{path relative to the repository: text} of every generated file."""
    files = schemas.outputs()
    schema_texts = dict(files)  # what the C++ embeds and the dictionary reads: today's output
    files.update(cpp.outputs(schema_texts))
    files.update(docs.outputs())
    files.update(fuzz_dict.outputs(schema_texts))
    return files


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 naming each file that is out of date")
    args = parser.parse_args(argv)
    files = outputs()
    stale = []
    for path, text in sorted(files.items()):
        full = os.path.join(REPO, path)
        try:
            with open(full, "rb") as f:
                old = f.read()
        except FileNotFoundError:
            old = None
        new = text.encode("utf-8")
        if old == new:
            continue
        stale.append(path)
        if not args.check:
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(new)
            print("wrote %s" % path)
    generated_dir = os.path.join(REPO, "lib", "src", "generated")
    strays = schemas.strays(files) + sorted(
        "lib/src/generated/" + n for n in (os.listdir(generated_dir) if os.path.isdir(generated_dir) else [])
        if "lib/src/generated/" + n not in files)
    for path in strays:
        print("%s: not generated from schemas/ any more; remove it" % path, file=sys.stderr)
    if args.check:
        for path in stale:
            print("out of date: %s" % path, file=sys.stderr)
        if stale or strays:
            print("generate: %d file(s) out of date, %d to remove; run scripts/generate.py"
                  % (len(stale), len(strays)), file=sys.stderr)
            return 1
        print("generate: all %d generated files are up to date" % len(files))
        return 0
    return 1 if strays else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
