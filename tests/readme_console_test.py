#!/usr/bin/env python3
"""The README's console examples of `entracheck check` and `entracheck sample --seed` are real:
each `$ entracheck ...` line of a ```console block is run with the built CLI from the repository
root, and its output must equal the lines that follow it up to the next `$ ` line or the block's
end (`$ echo $?` checks the exit status of the command before it). The examples of `call` and
`token` need a server and a key made at run time; tests/cli/ covers them.

    readme_console_test.py ENTRACHECK_CLI
"""
import os
import shlex
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DETERMINISTIC = ("check", "sample")


def console_blocks(text):
    block = None
    for line in text.splitlines():
        if block is None:
            if line.strip() == "```console":
                block = []
        elif line.strip() == "```":
            yield block
            block = None
        else:
            block.append(line)


def commands(block):
    """(command line, expected output lines) pairs; continuation lines end with a backslash."""
    i = 0
    while i < len(block):
        if not block[i].startswith("$ "):
            i += 1
            continue
        command = block[i][2:]
        while command.endswith("\\") and i + 1 < len(block):
            i += 1
            command = command[:-1] + " " + block[i].strip()
        i += 1
        output = []
        while i < len(block) and not block[i].startswith("$ "):
            output.append(block[i])
            i += 1
        yield command, output


def main():
    cli = sys.argv[1]
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    checked = 0
    failures = []
    last_status = None
    for block in console_blocks(readme):
        for command, expected in commands(block):
            words = shlex.split(command)
            if words == ["echo", "$?"]:
                if last_status is not None and expected != [str(last_status)]:
                    failures.append(f"exit status {last_status}, README says {expected}")
                continue
            last_status = None
            if len(words) < 2 or words[0] != "entracheck" or words[1] not in DETERMINISTIC:
                continue
            if words[1] == "sample" and "--seed" not in words:
                continue
            run = subprocess.run([cli] + words[1:], cwd=REPO, capture_output=True, text=True)
            last_status = run.returncode
            actual = run.stdout.splitlines()
            checked += 1
            if actual != expected:
                failures.append(f"`{command}` printed:\n" + "\n".join(actual) +
                                "\nREADME says:\n" + "\n".join(expected))
    if checked < 3:
        failures.append(f"only {checked} console examples of check/sample found in README.md")
    for failure in failures:
        print("README console example differs: " + failure, file=sys.stderr)
    print(f"{max(checked - len(failures), 0)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
