#!/usr/bin/python3
"""The report's econometric sections read their data through the column
reader (issue 17), as `nqpf reg` and `nqpf threshold` read theirs, with the
index score supplied as column `score` (nqpf_colsource, coltable.h) rather
than a text table with the score added: a bad cell of a used column is the
command's error at its FILE:LINE:COL; a text column the sections do not use
may hold anything; a file with its own `score` column regresses that one
(and methods.md does not say the index was added); a file whose units are
none of the index's has no `score`, which is the command's "no column"
error on that file; a row without a score where [spreg] needs one is
"missing value" at that row, in the column after the file's last.  The report's tables are `nqpf reg` on the file with the
score joined here in Python, and do not depend on the number of threads."""
import csv
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

import econ_common as ec
from econ_common import BASE, NQPF, PANEL, check, rows, run

tmp = tempfile.mkdtemp(prefix="nqpf-report-econ-read-")
JUNK = ['a,b "q" %', "NA", "x;y", "", "1e999x", "1.2.3"]
X = "v4_zh_nbzc_hj"  # the regressor
RAW = rows(PANEL)
XI = RAW[0].index(X)


def write(name, header, body):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)
    return path


def project(name, data, sec="reg", keys="y = score\nx = %s\nabsorb = unit,period\n" % X):
    path = os.path.join(tmp, name + ".ini")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(BASE + "[%s]\ndata = %s\nunit = province\nperiod = year\n%s" % (sec, data, keys))
    return path


def report(ini, out, threads="2", lang="en"):
    env = dict(os.environ, OMP_NUM_THREADS=threads)
    return subprocess.run([NQPF, "run", ini, "--out", out, "--quiet", "--lang", lang], capture_output=True,
                          text=True, env=env)


def cli_reg(data, y, name):
    o, s = os.path.join(tmp, name + "-o.csv"), os.path.join(tmp, name + "-s.csv")
    q = run("reg", "--data", data, "--unit", "province", "--period", "year", "--y", y, "--x", X,
            "--absorb", "unit,period", "--out", o, "--stats", s)
    return q, o, s


def same_as_cli(out, o, s):
    coef, stats = rows(os.path.join(out, "tables", "reg_coef.csv")), rows(os.path.join(out, "tables", "reg_stats.csv"))
    return [r[2:] for r in coef[1:]] == rows(o)[1:] and [r[2:] for r in stats[1:]] == rows(s)[1:]


# ---- an unused text column of junk: ignored; the tables are `nqpf reg` on the joined file, at 1 and 2 threads
junk = write("junk.csv", RAW[0] + ["note"], [r + [JUNK[i % len(JUNK)]] for i, r in enumerate(RAW[1:])])
ini = project("junk", junk)
outs = [os.path.join(tmp, "junk-%s" % t) for t in ("1", "2")]
ps = [report(ini, o, t) for o, t in zip(outs, ("1", "2"))]
check(all(p.returncode == 0 for p in ps), "a junk text column the sections do not use: the project runs",
      [p.stderr for p in ps])
merged = ec.merged_panel(tmp)
q, o, s = cli_reg(merged, "score", "merged")
check(q.returncode == 0, "nqpf reg on the panel with the score joined in Python runs", q.stderr)
check(ps[1].returncode == 0 and same_as_cli(outs[1], o, s),
      "reg_coef and reg_stats are nqpf reg on the joined file, digit for digit")
if all(p.returncode == 0 for p in ps):
    cmp = filecmp.dircmp(outs[0], outs[1])
    diff = []

    def walk(c):
        diff.extend(os.path.join(c.left, f) for f in c.diff_files + c.left_only + c.right_only)
        for sub in c.subdirs.values():
            walk(sub)
    walk(cmp)
    check(not diff, "every file the same at OMP_NUM_THREADS=1 and 2", diff)
if ps[1].returncode == 0:
    with open(os.path.join(outs[1], "methods.md"), encoding="utf-8") as fh:
        check("with the index as column score" in fh.read(), "methods.md says the index was added as column score")

# ---- the file's own score column wins: regressed as it is, and methods.md does not claim the index
own_body = [r + ["%d.25" % (i % 17)] for i, r in enumerate(RAW[1:])]
own = write("own.csv", RAW[0] + ["score"], own_body)
out = os.path.join(tmp, "own")
p = report(project("own", own), out)
q, o, s = cli_reg(own, "score", "own")
check(p.returncode == 0 and q.returncode == 0 and same_as_cli(out, o, s),
      "a file with its own score: the tables are nqpf reg of that score", p.stderr + q.stderr)
if p.returncode == 0:
    with open(os.path.join(out, "methods.md"), encoding="utf-8") as fh:
        check("with the index as column score" not in fh.read(), "methods.md does not say the index was added")

# ---- a bad number in a used column: the command's message, at its line and column
at = 200
bad = write("bad.csv", RAW[0] + ["note"],
            [r[:XI] + (["1.5x"] if i == at else [r[XI]]) + r[XI + 1:] + [JUNK[i % len(JUNK)]]
             for i, r in enumerate(RAW[1:])])
want = "%s:%d:%d: '1.5x' in column '%s': not a number" % (bad, at + 2, XI + 1, X)
q = run("reg", "--data", bad, "--unit", "province", "--period", "year", "--y", "v4_zh_qsdl_hj", "--x", X,
        "--out", os.path.join(tmp, "bad-o.csv"))
check(q.returncode != 0 and want in q.stderr, "nqpf reg names the bad cell at %d:%d" % (at + 2, XI + 1), q.stderr)
ec.bad_projects(tmp, [("[reg] bad cell", open(project("bad", bad), encoding="utf-8").read(), want),
                      ("[threshold] bad cell", open(project("badthr", bad, "threshold",
                                                            "y = score\nrx = v4_zh_qsdl_hj\nq = %s\n" % X),
                                                    encoding="utf-8").read(), want)])

# ---- units the index does not have: no score column, the command's error on that file
other = write("other.csv", RAW[0], [["X" + r[0]] + r[1:] for r in RAW[1:]])
q = run("reg", "--data", other, "--unit", "province", "--period", "year", "--y", "score", "--x", X,
        "--out", os.path.join(tmp, "other-o.csv"))
msg = q.stderr.strip()
check(q.returncode != 0 and "%s:1: no column 'score' in the header" % other in msg,
      "nqpf reg on a file without score: no column 'score' at its header", msg)
ec.bad_projects(tmp, [("units none of the index's", open(project("other", other), encoding="utf-8").read(),
                       msg[len("nqpf: "):] if msg.startswith("nqpf: ") else msg)])

# ---- [spreg] needs every y: a row whose period the index lacks has no score, "missing value" at that row,
# in the column after the file's last (where the score is); a near name points to score
YI = RAW[0].index("year")
gap = write("gap.csv", RAW[0], [r[:YI] + (["1999"] if i == 37 else [r[YI]]) + r[YI + 1:] for i, r in enumerate(RAW[1:])])
provs = sorted(set(r[0] for r in RAW[1:]))
ring = write("ring.csv", ["from", "to", "weight"],
             [[p, provs[(i + d) % len(provs)], "1"] for i, p in enumerate(provs) for d in (1, -1)])
sp = "y = %s\nx = v6_cz_yszc_hj\nmodel = sar\nfe = unit\nweights = %s\n"
ec.bad_projects(tmp, [("[spreg] a row without a score", open(project("gap", gap, "spreg", sp % ("score", ring)),
                                                             encoding="utf-8").read(),
                       "%s:%d:%d: missing value in column 'score'" % (gap, 37 + 2, len(RAW[0]) + 1)),
                      ("[spreg] y = scor", open(project("scor", gap, "spreg", sp % ("scor", ring)),
                                                encoding="utf-8").read(),
                       "%s:1: no column 'scor' in the header (did you mean 'score'?)" % gap)])

shutil.rmtree(tmp)
sys.exit(1 if ec.failures else 0)
