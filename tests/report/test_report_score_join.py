#!/usr/bin/python3
"""The index score that the econometric sections add as column `score`, on a
firm panel of many units: the section's own data file lists the rows
shuffled, with units and periods the index does not have (their score is
empty), and the report's regression equals `nqpf reg` digit for digit on
the same file with nqpf index's scores joined by unit and period here, in
Python (a dict join we did not write in C).  The join (src/report's
score column source, through the column reader) is a hash lookup per
distinct unit and period text; this pins that it matches every row as the
old scan of units and periods did.  The engines read the file themselves:
a bad cell after blank lines is named at its own line and column of the
data file, by every section."""
import os
import random
import shutil
import sys
import tempfile

import econ_common as ec
from econ_common import check, rows, run

tmp = tempfile.mkdtemp(prefix="nqpf-report-join-")
rng = random.Random(11)
U, T = 2500, 3
# unit names sharing long prefixes and differing in the last byte, so a
# lookup that compared too little would pair the wrong rows
units = ["firm-%05d" % u for u in range(U)]
years = [str(2015 + t) for t in range(T)]
data = os.path.join(tmp, "firms.csv")
with open(data, "w", encoding="utf-8", newline="") as fh:
    fh.write("firm,year,a,b\n")
    for u in units:
        for y in years:
            fh.write("%s,%s,%.6f,%.6f\n" % (u, y, rng.random(), 1 + rng.random()))
system = os.path.join(tmp, "system.csv")
with open(system, "w", encoding="utf-8") as fh:
    fh.write("column,direction,dimension\na,+,D1\nb,-,D2\n")

# the section's data: every (unit, year) once, shuffled, plus rows the index lacks
rows_other = [(u, y) for u in units for y in years] + [("firm-%05d" % (U + k), years[0]) for k in range(40)] \
    + [(units[k], "2030") for k in range(40)]
rng.shuffle(rows_other)
other = os.path.join(tmp, "other.csv")
with open(other, "w", encoding="utf-8", newline="") as fh:
    fh.write("firm,year,x,z\n")
    for u, y in rows_other:
        fh.write("%s,%s,%.6f,%.6f\n" % (u, y, rng.gauss(0, 1), rng.gauss(0, 1)))

proj = os.path.join(tmp, "p.ini")
with open(proj, "w", encoding="utf-8") as fh:
    fh.write("[data]\nfile = %s\nunit = firm\nperiod = year\n[system]\nfile = %s\n"
             "[reg]\ndata = %s\nunit = firm\nperiod = year\ny = score\nx = x,z\nabsorb = period\n" % (data, system, other))
rep = os.path.join(tmp, "rep")
p = run("run", proj, "--out", rep, "--quiet")
check(p.returncode == 0, "a %d-unit panel: the project runs" % U, p.stderr)

idx = os.path.join(tmp, "idx")
q = run("index", "--data", data, "--system", system, "--unit", "firm", "--period", "year", "--out", idx)
check(q.returncode == 0, "nqpf index runs", q.stderr)
score = {(r[0], r[1]): r[2] for r in rows(os.path.join(idx, "scores.csv"))[1:]}
merged = os.path.join(tmp, "merged.csv")
with open(merged, "w", encoding="utf-8", newline="") as fh:
    src = rows(other)
    fh.write(",".join(src[0] + ["score"]) + "\n")
    for r in src[1:]:
        fh.write(",".join(r + [score.get((r[0], r[1]), "")]) + "\n")
check(sum(1 for r in rows(merged)[1:] if r[-1] == "") == 80, "the join leaves the 80 rows the index lacks empty")

o, s = os.path.join(tmp, "o.csv"), os.path.join(tmp, "s.csv")
q = run("reg", "--data", merged, "--unit", "firm", "--period", "year", "--y", "score", "--x", "x,z",
        "--absorb", "period", "--out", o, "--stats", s)
check(q.returncode == 0, "nqpf reg on the joined file runs", q.stderr)
T_ = os.path.join(rep, "tables")
coef = rows(os.path.join(T_, "reg_coef.csv")) if p.returncode == 0 else [[]]
stats = rows(os.path.join(T_, "reg_stats.csv")) if p.returncode == 0 else [[]]
check([r[2:] for r in coef[1:]] == rows(o)[1:], "reg_coef rows are nqpf reg --out on the joined file, digit for digit")
st = [r[2:] for r in stats[1:]]
check(st == rows(s)[1:], "reg_stats rows are nqpf reg --stats on the joined file, digit for digit")
check(["reg", "", "ols", "N", str(U * T)] in stats and ["reg", "", "ols", "N_missing", "80"] in stats,
      "N = %d: every row of the index matched, the 80 others missing" % (U * T), stats[:3])

# a bad cell deep in the section's data, after blank lines: named at its own line and column
src = rows(other)
bad = os.path.join(tmp, "bad.csv")
with open(bad, "w", encoding="utf-8", newline="") as fh:
    fh.write(",".join(src[0]) + "\n\n")
    for k, r in enumerate(src[1:]):
        fh.write(",".join(r[:2] + (["1.5x"] if k == 4000 else r[2:3]) + r[3:]) + "\n" + ("\n" if k % 1000 == 7 else ""))
line = 2 + 1 + 4000 + sum(1 for k in range(4000) if k % 1000 == 7)
want = "%s:%d:3: '1.5x' in column 'x': not a number" % (bad, line)
head = "[data]\nfile = %s\nunit = firm\nperiod = year\n[system]\nfile = %s\n" % (data, system)
keys = "data = %s\nunit = firm\nperiod = year\n" % bad
ec.bad_projects(tmp, [(sec, head + "[%s]\n" % sec + keys + more, want) for sec, more in [
    ("reg", "y = score\nx = x\n"),
    ("threshold", "y = score\nrx = z\nq = x\n"),
    ("did", "y = x\ntreat = z\n"),
    ("spreg", "y = z\nx = x\nmodel = sar\nweights = %s\n" % os.path.join(tmp, "w.csv")),
]])
shutil.rmtree(tmp)
sys.exit(1 if ec.failures else 0)
