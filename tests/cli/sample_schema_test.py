#!/usr/bin/env python3
"""`entracheck sample --event E` validates against schemas/E.request.schema.json for every event.

    python3 tests/cli/sample_schema_test.py PATH/TO/entracheck

Runs the CLI for each event in schemas/events.json (several seeds, and without a seed), and
validates each request with Python's jsonschema (draft-07), the validator tests/schemas_test.py
uses. Exits 1 on any failure.
"""

import json
import os
import subprocess
import sys

import jsonschema

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    cli = sys.argv[1]
    with open(os.path.join(REPO, "schemas", "events.json"), encoding="utf-8") as f:
        events = json.load(f)
    names = [e["name"] for e in events["events"]] if isinstance(events, dict) else [e["name"] for e in events]
    failures = 0
    checked = 0
    for name in names:
        with open(os.path.join(REPO, "schemas", name + ".request.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        validator = jsonschema.Draft7Validator(schema)
        for seed in (None, "0", "1", "18446744073709551615"):
            args = [cli, "sample", "--event", name] + ([] if seed is None else ["--seed", seed])
            run = subprocess.run(args, capture_output=True, check=False)
            if run.returncode != 0:
                print(f"FAIL {name} seed={seed}: exit {run.returncode}: {run.stderr.decode()}")
                failures += 1
                continue
            request = json.loads(run.stdout)
            errors = sorted(validator.iter_errors(request), key=lambda e: list(e.path))
            for error in errors:
                print(f"FAIL {name} seed={seed}: /{'/'.join(map(str, error.path))}: {error.message}")
            failures += len(errors)
            checked += 1
    print(f"{checked} requests checked against their schemas, {failures} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
