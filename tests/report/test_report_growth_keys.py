#!/usr/bin/python3
"""[growth] spells its keys as `nqpf growth` does (issue 11): `data` (the
command's --data) and `value` (its other name for --output) give the same
report, file for file, as the old spellings `file` and `output`, which
existing projects keep using; run.json records each key as spelt.  Giving
both spellings of one option is refused at the second, as the command
refuses --output with --value."""
import filecmp
import json
import os
import shutil
import sys
import tempfile

import econ_common as ec
from econ_common import BASE, DATA, check, run

tmp = tempfile.mkdtemp(prefix="nqpf-report-growth-")
PWT = os.path.join(DATA, "pwt91_subset.csv")
REST = "unit = countrycode\nperiod = year\ncapital = rkna\nlabour = emp*avh*hc\nshare = labsh\nbase = 2011\n"


def project(name, keys):
    path = os.path.join(tmp, name + ".ini")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(BASE + "[growth]\n" + keys + REST)
    out = os.path.join(tmp, name)
    return out, run("run", path, "--out", out, "--quiet"), path


def same_tree(a, b):
    """Every file of a and b byte-identical but run.json (it names the project and the keys as spelt)."""
    cmp = filecmp.dircmp(a, b)
    stack, bad = [cmp], []
    while stack:
        c = stack.pop()
        bad += [os.path.join(c.left, f) for f in c.diff_files + c.left_only + c.right_only + c.funny_files
                if f != "run.json"]
        stack += c.subdirs.values()
    return bad


old, p0, _ = project("old", "file = %s\noutput = rgdpna\n" % PWT)
check(p0.returncode == 0, "[growth] with the old keys file and output runs", p0.stderr)
new, p1, _ = project("new", "data = %s\nvalue = rgdpna\n" % PWT)
check(p1.returncode == 0, "[growth] with the command's keys data and value runs", p1.stderr)
if p0.returncode == 0 and p1.returncode == 0:
    bad = same_tree(old, new)
    check(not bad and os.path.exists(os.path.join(new, "tables", "growth.csv")),
          "data/value and file/output give the same report, file for file", bad)
    o0 = json.load(open(os.path.join(old, "run.json"), encoding="utf-8"))["options"]
    o1 = json.load(open(os.path.join(new, "run.json"), encoding="utf-8"))["options"]
    check(o0.get("growth.file") == PWT and o0.get("growth.output") == "rgdpna" and "growth.data" not in o0,
          "run.json records the old keys as spelt", o0)
    check(o1.get("growth.data") == PWT and o1.get("growth.value") == "rgdpna" and "growth.file" not in o1,
          "run.json records the command's keys as spelt", o1)

lines = (BASE + "[growth]\n").count("\n")
for name, keys, second, col in [("both files", "data = %s\nfile = %s\noutput = rgdpna\n" % (PWT, PWT), 2, "file"),
                                ("both outputs", "data = %s\noutput = rgdpna\nvalue = rgdpna\n" % PWT, 3, "value")]:
    out, p, path = project(name.replace(" ", "_"), keys)
    first = "data" if col == "file" else "output"
    want = "nqpf: %s:%d:1: give %s or %s, not both" % (path, lines + second, first, col)
    check(p.returncode == 5 and p.stderr.strip() == want and not os.path.exists(out),
          "[growth] %s refused at the second key" % name, (p.stderr, want))
out, p, path = project("none", "data = %s\n" % PWT)
check(p.returncode == 5 and "[growth] needs 'output = …'" in p.stderr, "[growth] without output or value: "
      "the command's required key named", p.stderr)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if ec.failures else 0)
