"""Compares ALE's location list (written by test.vim) with `mapc check --format json`."""

import json
import os
import subprocess
import sys

plan, result = sys.argv[1], sys.argv[2]
lines = open(plan, encoding="utf-8").read().split("\n")
check = subprocess.run([os.environ["MAPC_BINARY"], "check", "--format", "json", "--today", "2026-11-24", plan],
                       capture_output=True, text=True)
expected = []
for d in json.loads(check.stdout)["diagnostics"]:
    before = lines[d["line"] - 1][:d["column"] - 1]
    # ALE 3.3 shows the LSP character (UTF-16 units) plus one as the column: right on
    # ASCII lines, shifted where wide characters come before the problem.
    expected.append([d["line"], len(before.encode("utf-16-le")) // 2 + 1, d["rule"], d["message"]])
try:
    got = [json.loads(line) for line in open(result, encoding="utf-8")]
except FileNotFoundError:
    sys.exit("vim test failed: Vim did not finish")
if sorted(got) != sorted(expected) or not got:
    sys.exit("vim test failed: ALE shows\n%s\nmapc check says\n%s" % (
        "\n".join(map(str, sorted(got))), "\n".join(map(str, sorted(expected)))))
print(f"{len(got)} diagnostics in ALE, equal to mapc check's", file=sys.stderr)
