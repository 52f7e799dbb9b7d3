#!/usr/bin/env python3
"""The README's "Use it in your tests" snippets must equal the marked regions of the files CI
builds and runs. A snippet is a fenced block right after `<!-- snippet: PATH NAME -->`; its
region is the lines between `[NAME]` and `[/NAME]` in PATH (the marker lines excluded).

    tests/readme_snippets_test.py [--fix]     (--fix rewrites the README's blocks)
"""
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
SNIPPET = re.compile(r"<!-- snippet: (\S+) (\S+) -->\n```(\w*)\n(.*?)```\n", re.S)


def region(path: pathlib.Path, name: str) -> str:
    lines = path.read_text().splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if "[%s]" % name in line]
    ends = [i for i, line in enumerate(lines) if "[/%s]" % name in line]
    if len(starts) != 1 or len(ends) != 1 or ends[0] <= starts[0]:
        raise SystemExit("%s: expected one [%s] ... [/%s] region" % (path, name, name))
    return "".join(lines[starts[0] + 1:ends[0]])


def main() -> int:
    readme_path = REPO / "README.md"
    readme = readme_path.read_text()
    found = list(SNIPPET.finditer(readme))
    wanted = {"readme:cpp", "readme:c", "readme:python", "readme:sh"}
    names = {m.group(2) for m in found}
    if not wanted <= names:
        print("README.md lacks the snippets %s" % sorted(wanted - names))
        return 1
    fixed = readme
    stale = []
    for m in found:
        expected = region(REPO / m.group(1), m.group(2))
        if m.group(4) != expected:
            stale.append("%s %s" % (m.group(1), m.group(2)))
            fixed = fixed.replace(m.group(0), "<!-- snippet: %s %s -->\n```%s\n%s```\n" % (
                m.group(1), m.group(2), m.group(3), expected), 1)
    if stale and "--fix" in sys.argv:
        readme_path.write_text(fixed)
        print("README.md: rewrote %s" % ", ".join(stale))
        return 0
    if stale:
        print("README.md snippets differ from their files (run tests/readme_snippets_test.py --fix): "
              + ", ".join(stale))
        return 1
    print("README.md: %d snippets equal their files" % len(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
