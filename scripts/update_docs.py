#!/usr/bin/env python3
"""Regenerates the tables of README.md from schemas/*.json, the single source of truth.

README.md holds blocks between `<!-- BEGIN generated:NAME -->` and `<!-- END generated:NAME -->`;
this script rewrites each block. `--check` changes nothing and exits 1 when a block is stale
(CTest runs it so the docs cannot drift from the data).
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


def load(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def cell(text):
    return str(text).replace("|", "\\|")


def rules_table():
    rules = load("rules.json")["rules"]
    codes = {c["code"]: c["name"] for c in load("error-codes.json")["codes"]}
    lines = [
        "| step | rule | code | basis | what to change |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        if rule["kind"] != "error":
            continue
        code = "%d %s" % (rule["code"], codes[rule["code"]])
        lines.append("| %s | `%s` | %s | %s | %s |" % (
            rule["step"], rule["id"], code, rule["basis"], cell(rule["message"])))
    return "\n".join(lines)


def warnings_table():
    lines = ["| warning | basis | meaning |", "|---|---|---|"]
    for rule in load("rules.json")["rules"]:
        if rule["kind"] == "warning":
            lines.append("| `%s` | %s | %s |" % (rule["id"], rule["basis"], cell(rule["message"])))
    return "\n".join(lines)


def codes_table():
    lines = ["| code | name | decided by | meaning | remedy |", "|---|---|---|---|---|"]
    for code in load("error-codes.json")["codes"]:
        lines.append("| %d | %s | %s | %s | %s |" % (
            code["code"], code["name"], code["decided_by"], cell(code["meaning"]), cell(code["remedy"])))
    return "\n".join(lines)


def events_table():
    lines = ["| event | response `data.@odata.type` | action types | status |", "|---|---|---|---|"]
    for event in load("events.json")["events"]:
        actions = ", ".join("`%s`%s" % (a["type"].replace("microsoft.graph.", ""),
                                        " (legacy alias)" if a.get("legacy_alias") else "")
                            for a in event["actions"])
        lines.append("| %s | `%s` | %s | %s |" % (
            event["name"], event["response_data_type"], actions, event["status"]))
    return "\n".join(lines)


def limits_table():
    lines = ["| limit | default | basis | why |", "|---|---|---|---|"]
    for name, limit in load("limits.json").items():
        if name.startswith("$"):
            continue
        lines.append("| `%s` | %s | %s | %s |" % (name, limit["default"], limit["basis"], cell(limit["why"])))
    return "\n".join(lines)


BLOCKS = {
    "rules": rules_table,
    "warnings": warnings_table,
    "codes": codes_table,
    "events": events_table,
    "limits": limits_table,
}


def render(text):
    def replace(match):
        name = match.group(1)
        if name not in BLOCKS:
            raise SystemExit("README.md: unknown generated block %r" % name)
        return "<!-- BEGIN generated:%s -->\n%s\n<!-- END generated:%s -->" % (name, BLOCKS[name](), name)

    return re.sub(r"<!-- BEGIN generated:([a-z]+) -->.*?<!-- END generated:\1 -->", replace, text, flags=re.S)


def main():
    readme = ROOT / "README.md"
    old = readme.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in sys.argv[1:]:
        if old != new:
            print("README.md is stale: run scripts/update_docs.py")
            return 1
        print("README.md tables are up to date")
        return 0
    if old != new:
        readme.write_text(new, encoding="utf-8")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
