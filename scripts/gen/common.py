"""What every generator shares: the repository root, the data files, and marked regions."""

import json
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMAS = os.path.join(REPO, "schemas")
GENERATOR = "scripts/generate.py"


def load_json(name):
    """One data file of schemas/, e.g. load_json("rules.json")."""
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
        return json.load(f)


def read_text(relpath):
    with open(os.path.join(REPO, relpath), encoding="utf-8", newline="") as f:
        return f.read()


def camel(value):
    """"entra-internal" -> "EntraInternal": data values become enumerator names."""
    return "".join(part[:1].upper() + part[1:] for part in value.split("-"))


def replace_regions(relpath, text, blocks, begin, end):
    """Rewrites every region of `text` between the markers begin % name and end % name with
    blocks[name]() (the markers stay). A marker naming no block, or a block with no marker, is an
    error: a renamed region must not silently stop being generated."""
    pattern = re.compile(
        r"(?P<indent>[ \t]*)%s\n.*?%s" % (re.escape(begin).replace(r"%s", r"(?P<name>[a-z_]+)"),
                                         re.escape(end).replace(r"%s", r"(?P=name)")),
        re.S)
    seen = set()

    def replace(match):
        name = match.group("name")
        if name not in blocks:
            raise SystemExit("%s: unknown generated region %r" % (relpath, name))
        seen.add(name)
        indent = match.group("indent")
        return "%s%s\n%s\n%s%s" % (indent, begin % name, blocks[name]().rstrip("\n"), indent,
                                   end % name)

    out = pattern.sub(replace, text)
    missing = sorted(set(blocks) - seen)
    if missing:
        raise SystemExit("%s: generated region(s) missing: %s" % (relpath, ", ".join(missing)))
    return out
