"""The tables of README.md, generated from schemas/*.json (run scripts/generate.py).

README.md holds blocks between `<!-- BEGIN generated:NAME -->` and `<!-- END generated:NAME -->`;
each block is rewritten, the prose around them is not.
"""
from .common import load_json as load, read_text, replace_regions


def cell(text):
    return str(text).replace("|", "\\|")


def rules_table():
    rules = load("rules.json")["rules"]
    codes = {c["code"]: c["name"] for c in load("error-codes.json")["codes"]}
    lines = [
        "| step | rule | code | basis | `--all` goes on | what to change |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        if rule["kind"] != "error":
            continue
        code = "%d %s" % (rule["code"], codes[rule["code"]])
        lines.append("| %s | `%s` | %s | %s | %s | %s |" % (
            rule["step"], rule["id"], code, rule["basis"], "no" if rule["terminal"] else "yes",
            cell(rule["message"])))
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


def outputs():
    """{"README.md": its text with every generated block rewritten}."""
    text = read_text("README.md")
    return {"README.md": replace_regions("README.md", text, BLOCKS, "<!-- BEGIN generated:%s -->",
                                         "<!-- END generated:%s -->")}
