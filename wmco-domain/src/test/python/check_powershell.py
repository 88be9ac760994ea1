#!/usr/bin/env python3
"""Parses PowerShell scripts with tree-sitter-powershell, a grammar written independently of this project.

Input: a JSON file of [{"id": ..., "script": ..., "hostile": [...]}, ...] (written by PowerShellParseTest).
For each script:
  * the parse tree must hold no ERROR and no MISSING node;
  * every hostile value must occur in the script (as written, or with its single quotes doubled the way a
    PowerShell single-quoted literal holds them), and every occurrence must lie inside the content of a
    single-quoted string literal (node verbatim_string_characters), where PowerShell expands nothing.
Prints one line per failure and a closing "N passed, N failed" line; exits 1 when anything failed.
"""

import json
import sys

import tree_sitter_powershell
from tree_sitter import Language, Parser

# Characters PowerShell's tokenizer treats as a single quote; a literal holds each one doubled.
SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
LITERAL = "verbatim_string_characters"


def walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def doubled(value):
    return "".join(c + c if c in SINGLE_QUOTES else c for c in value)


def occurrences(haystack, needle):
    start = haystack.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


def position(source, offset):
    line = source.count(b"\n", 0, offset) + 1
    column = offset - (source.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"


def check(parser, entry):
    """The problems of one script (empty when it passes)."""
    source = entry["script"].encode("utf-8")
    tree = parser.parse(source)
    problems = []
    literals = []
    for n in walk(tree.root_node):
        if n.is_error or n.is_missing:
            kind = "MISSING " + n.type if n.is_missing else "ERROR"
            snippet = source[max(0, n.start_byte - 20) : n.end_byte + 20].decode("utf-8", "replace")
            problems.append(f"{kind} at {position(source, n.start_byte)} near {snippet!r}")
        elif n.type == LITERAL:
            # The content lies between the opening and the closing quote.
            literals.append((n.start_byte + 1, n.end_byte - 1))
    for value in entry["hostile"]:
        forms = {value, doubled(value)}
        found = 0
        for form in forms:
            for start, end in occurrences(source, form.encode("utf-8")):
                found += 1
                if not any(lo <= start and end <= hi for lo, hi in literals):
                    problems.append(
                        f"hostile value {value!r} at {position(source, start)} is outside any single-quoted literal"
                    )
        if found == 0:
            problems.append(f"hostile value {value!r} does not occur in the script (was it rendered at all?)")
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: check_powershell.py CORPUS.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        corpus = json.load(f)
    parser = Parser(Language(tree_sitter_powershell.language()))
    passed = failed = values = 0
    for entry in corpus:
        problems = check(parser, entry)
        values += len(entry["hostile"])
        if problems:
            failed += 1
            for p in problems:
                print(f"FAIL {entry['id']}: {p}")
        else:
            passed += 1
    print(f"powershell-parse: {len(corpus)} scripts, {values} hostile values placed")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
