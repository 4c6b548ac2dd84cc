#!/usr/bin/python3
"""The long-table input of the comparison commands (src/compare/long_input.c)
reads only the requested columns, as numbers and keys (nqpf_coltable_read).
What it must keep from the text-table reader it replaced, checked on small
files whose answers are derived by hand:

- level order: periods (and groups) all numeric sort by value (9 < 10,
  "2019.0" and "2019" stay two levels in that order), else order of first
  appearance;
- every error at its cell, worded as before: a missing value (--missing
  error), a non-number, an empty label, a repeated (unit, period) with the
  first line, "no data rows", an unknown column with its did-you-mean, a
  unit that is no province under --group nbs4;
- a message that quotes a cell quotes it as the file has it ("-1e0",
  "1.50"), from a file and from standard input;
- the Gini of a period equals the mean absolute difference over twice the
  mean computed here (so the numbers are the file's numbers)."""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
TMP = tempfile.mkdtemp(prefix="nqpf_cols_")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(cmd, path, *args, stdin=None):
    return subprocess.run([NQPF, cmd, "--data", path] + list(args) + ["--out", "-"], capture_output=True,
                          text=True, input=stdin)


def gini(y):
    n, m = len(y), sum(y) / len(y)
    return sum(abs(a - b) for a in y for b in y) / (2.0 * n * n * m)


KEYS = ["--unit", "u", "--period", "t", "--value", "y"]

# level order: numeric periods by value, text groups by first appearance
p = write("order.csv", "u,t,y,g\nA,10,1,west\nB,10,2,east\nA,9,3,west\nB,9,5,east\nC,10,4,west\nC,9,2,east\n")
r = run("gini", p, *KEYS, "--group", "g")
rows = list(csv.reader(io.StringIO(r.stdout)))
periods = [x[0] for x in rows[1:] if x[1] == "G"]
groups = [x[2] for x in rows[1:] if x[1] == "group_n" and x[0] == "9"]
report(r.returncode == 0 and periods == ["9", "10"], "numeric periods by value (9 before 10)", r.stderr + str(periods))
report(groups == ["west", "east"], "text groups in order of first appearance", str(groups))
g = {x[0]: float(x[4]) for x in rows[1:] if x[1] == "G"}
report(abs(g.get("9", 0) - gini([3, 5, 2])) <= 1e-12 * gini([3, 5, 2]) and
       abs(g.get("10", 0) - gini([1, 2, 4])) <= 1e-12 * gini([1, 2, 4]),
       "Gini of each period as computed by hand", str(g))

p = write("mixed.csv", "u,t,y\nA,2019.0,1\nB,2019,2\nC, 2018 ,3\nD,2018,4\n")
r = run("gini", p, "--period", "t", "--value", "y")
periods = [x[0] for x in csv.reader(io.StringIO(r.stdout)) if len(x) > 1 and x[1] == "G"]
report(r.returncode == 0 and periods == ["2018", "2019.0", "2019"],
       "labels trimmed; equal numbers written differently stay two levels, first-seen first", r.stderr + str(periods))

# errors, each at its cell and worded as before
CASES = [
    ("missing.csv", "u,t,y\nA,1,1\nB,1,\n", KEYS, ":3:3: missing value in column 'y'"),
    ("nonnum.csv", "u,t,y\nA,1,1\nB,1,abc\n", KEYS, ":3:3: 'abc' in column 'y': not a number"),
    ("dup.csv", "u,t,y\nA,1,1\nB,1,2\nA,1,3\n", KEYS, ":4: unit 'A' in period '1' appears twice (first on line 2)"),
    ("dupu.csv", "u,y\nA,1\nB,2\nA,3\n", ["--unit", "u", "--value", "y"], ":4: unit 'A' appears twice (first on line 2)"),
    ("emptyunit.csv", "u,t,y\nA,1,1\n,1,2\n", KEYS, ":3:1: empty label in column 'u'"),
    ("emptyg.csv", "u,t,y,g\nA,1,1,x\nB,1,2, \n", KEYS + ["--group", "g"], ":3:4: empty label in column 'g'"),
    ("norows.csv", "u,t,y\n", KEYS, ": no data rows"),
    ("nocol.csv", "u,t,y\nA,1,1\n", ["--unit", "u", "--period", "tt", "--value", "y"],
     ":1: no column 'tt' in the header (did you mean 't'?)"),
    ("neg.csv", "u,t,y\nA,1,1\nB,1, -1e0\n", KEYS, ":3:3: value -1e0 in column 'y': the Gini needs non-negative values"),
    ("prov.csv", "province,year,y\n北京,2019,1\nAtlantis,2019,2\n上海,2019,3\nAtlantis,2020,2\n",
     ["--unit", "province", "--period", "year", "--value", "y", "--group", "nbs4"],
     ":3:1: 'Atlantis' is not a mainland province (a built-in grouping needs province names or GB codes in "
     "column 'province')"),
    ("provempty.csv", "province,year,y\n北京,2019,1\n,2019,2\n", ["--unit", "province", "--period", "year", "--value", "y",
     "--group", "nbs4"], ":3:1: empty label in column 'province'"),
]
for name, text, args, want in CASES:
    p = write(name, text)
    r = run("gini", p, *args)
    report(r.returncode != 0 and r.stderr.strip() == "nqpf: " + p + want and not r.stdout,
           "gini %s: %s" % (name, want.strip(": ")), r.stderr)

# --missing skip keeps the row out instead
p = write("skip.csv", "u,t,y\nA,1,1\nB,1,\nC,1,3\n")
r = run("gini", p, *KEYS, "--missing", "skip")
n = [x[4] for x in csv.reader(io.StringIO(r.stdout)) if len(x) > 4 and x[1] == "n"]
report(r.returncode == 0 and n == ["2"], "--missing skip drops the missing value", r.stderr + r.stdout)

# a column named like a built-in scheme is the grouping
p = write("provcol.csv", "province,year,y,nbs4\n北京,2019,1,a\nAtlantis,2019,2,b\n上海,2019,3,a\n")
r = run("gini", p, "--unit", "province", "--period", "year", "--value", "y", "--group", "nbs4")
groups = sorted({x[2] for x in csv.reader(io.StringIO(r.stdout)) if len(x) > 2 and x[1] == "group_n"})
report(r.returncode == 0 and groups == ["a", "b"], "a column named nbs4 wins over the built-in scheme", r.stderr)

# a quoted cell as the file has it: couple from a file and from standard input
text = "u,t,a,b\nA,1,0.5,0.2\nB,1,1.50,0.3\n"
p = write("cpl.csv", text)
for path, stdin in ((p, None), ("-", text)):
    r = run("couple", path, "--systems", "a,b", "--unit", "u", "--period", "t", stdin=stdin)
    want = "nqpf: %s:3:3: subsystem index 1.50 of 'a' is outside [0,1]" % path
    report(r.returncode != 0 and r.stderr.strip() == want, "couple quotes the cell as written (%s)" % path, r.stderr)
r = run("gini", "-", *KEYS, stdin="u,t,y\nA,1,1\nB,1,-1e0\n")
report(r.returncode != 0 and r.stderr.strip() == "nqpf: -:3:3: value -1e0 in column 'y': the Gini needs "
       "non-negative values", "gini from standard input quotes the cell as written", r.stderr)

shutil.rmtree(TMP)
finish()
