#!/usr/bin/python3
"""The report reads its [growth] file and its [converge] controls through
the column reader (issue 17), as `nqpf growth` and `nqpf converge` read
theirs: only the columns used are parsed, so a text column the report does
not use may hold anything (it could before too: the text table kept every
cell as text and parsed only the columns used), while a bad cell of a used
column is an error at its FILE:LINE:COL, worded and chosen (the first bad
cell in file order) as the command words and chooses it on the same file.
Results do not depend on the number of threads."""
import csv
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

import econ_common as ec
from econ_common import BASE, NQPF, PANEL, check, rows

tmp = tempfile.mkdtemp(prefix="nqpf-report-cols-")
JUNK = ['a,b "q" %', "NA", "x;y", "", "1e999x"]


def write_growth(path, note=True, edit=None):
    """3 units x 5 years; the cells of row (unit, year) replaced by edit[(unit, year)] (a dict column -> text)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "year", "y", "k", "emp", "hc", "sh"] + (["note"] if note else []))
        for i, u in enumerate(["A", "B", "C"]):
            for t in range(5):
                r = {"name": u, "year": str(2000 + t), "y": "%g" % (10 + i + t * (1 + 0.1 * i)), "k": "%g" % (20 + t),
                     "emp": "%g" % (5 + 0.2 * t * i), "hc": "%g" % (2 + 0.01 * t), "sh": "%g" % (0.55 + 0.01 * t)}
                r.update((edit or {}).get((u, 2000 + t), {}))
                w.writerow([r[c] for c in ["name", "year", "y", "k", "emp", "hc", "sh"]] +
                           ([JUNK[(i + t) % len(JUNK)]] if note else []))
    return path


def write_panel(path, note=True, edit=None):
    """The bundled panel, with a junk text column `note` and cells (data row, column) -> text replaced."""
    raw = rows(PANEL)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(raw[0] + (["note"] if note else []))
        for i, r in enumerate(raw[1:]):
            r = list(r)
            for (row, col), text in (edit or {}).items():
                if row == i:
                    r[raw[0].index(col)] = text
            w.writerow(r + ([JUNK[i % len(JUNK)]] if note else []))
    return path


GROWTH = "unit = name\nperiod = year\noutput = y\ncapital = k\nlabour = emp*hc\nshare = sh\nbase = 2002\n"
CMD = ["growth", "--unit", "name", "--period", "year", "--output", "y", "--capital", "k", "--labour", "emp*hc",
       "--share", "sh", "--base", "2002"]


def project(name, panel, growth, controls="v4_zh_nbzc_hj"):
    d = os.path.join(tmp, name)
    os.makedirs(d)
    text = BASE.replace(PANEL, panel) + "[converge]\ncontrols = %s\n" % controls if panel else BASE
    text += "[growth]\nfile = %s\n%s" % (growth, GROWTH) if growth else ""
    with open(os.path.join(d, "p.ini"), "w", encoding="utf-8") as fh:
        fh.write(text)
    return os.path.join(d, "p.ini"), os.path.join(d, "out")


def report(ini, out, threads="2"):
    env = dict(os.environ, OMP_NUM_THREADS=threads)
    return subprocess.run([NQPF, "run", ini, "--out", out, "--quiet"], capture_output=True, text=True, env=env)


def cmd(*args):
    return subprocess.run([NQPF, *args], capture_output=True, text=True)


# ---- a junk text column in both files: ignored, results unchanged ---------
gj, gc = write_growth(os.path.join(tmp, "g_junk.csv")), write_growth(os.path.join(tmp, "g_clean.csv"), note=False)
pj, pc = write_panel(os.path.join(tmp, "p_junk.csv")), write_panel(os.path.join(tmp, "p_clean.csv"), note=False)
ini_j, out_j = project("junk", pj, gj)
ini_c, out_c = project("clean", pc, gc)
p1, p2, p0 = report(ini_j, out_j + "1", "1"), report(ini_j, out_j + "2", "2"), report(ini_c, out_c)
check(p1.returncode == 0 and p2.returncode == 0 and p0.returncode == 0,
      "[growth] and [converge] controls: files with a junk text column run", (p1.stderr, p2.stderr, p0.stderr))
if p1.returncode == 0 and p2.returncode == 0 and p0.returncode == 0:
    for f in ["growth.csv", "growth_summary.csv", "beta.csv"]:
        a, b, c = (os.path.join(o, "tables", f) for o in (out_j + "1", out_j + "2", out_c))
        check(filecmp.cmp(a, b, shallow=False), "tables/%s byte-identical at OMP_NUM_THREADS=1 and 2" % f)
        check(filecmp.cmp(a, c, shallow=False), "tables/%s: the junk column is ignored (same as without it)" % f)
    g = os.path.join(tmp, "cmd_growth.csv")
    q = cmd(*CMD, "--data", gj, "--out", g)
    check(q.returncode == 0 and filecmp.cmp(g, os.path.join(out_j + "1", "tables", "growth.csv"), shallow=False),
          "tables/growth.csv byte-identical to nqpf growth on the same file", q.stderr)
    beta = rows(os.path.join(out_j + "1", "tables", "beta.csv"))
    check(any(r[0] == "beta_cond" and r[1] == "v4_zh_nbzc_hj" for r in beta),
          "beta.csv holds the conditional model with the control read through the column reader")


# ---- a bad cell of a used column: the error at its cell, as the command's --
def refused(name, ini, out, code, want, same_as=None):
    p = report(ini, out)
    check(p.returncode == code and p.stderr == want and not os.path.exists(out),
          "%s -> exit %d, %s" % (name, code, want.strip()), (p.returncode, p.stderr))
    if same_as:
        q = cmd(*same_as)
        check(q.stderr == want, "%s: the same error as nqpf %s on that file" % (name, same_as[0]), q.stderr)


gb = write_growth(os.path.join(tmp, "g_bad.csv"), edit={("A", 2002): {"k": "2x2"}})
ini, out = project("g_bad", None, gb)
refused("[growth] a bad number in a used column", ini, out, 4,
        "nqpf: %s:4:4: '2x2' in column 'k': not a number\n" % gb, CMD + ["--data", gb, "--out", "-"])

# two faults: a negative output on line 3 and a bad capital on line 2; the
# cells are parsed first, so line 2's is reported (the text table checked
# output before capital and named line 3's)
g2 = write_growth(os.path.join(tmp, "g_two.csv"), edit={("A", 2001): {"y": "-11"}, ("A", 2000): {"k": "2x0"}})
ini, out = project("g_two", None, g2)
refused("[growth] the first bad cell in file order", ini, out, 4,
        "nqpf: %s:2:4: '2x0' in column 'k': not a number\n" % g2, CMD + ["--data", g2, "--out", "-"])

gn = write_growth(os.path.join(tmp, "g_neg.csv"), edit={("C", 2003): {"hc": " -2 "}})
ini, out = project("g_neg", None, gn)
refused("[growth] a labour factor out of range, quoted as the file has it", ini, out, 5,
        "nqpf: %s:15:6: -2 in column 'hc' must be positive\n" % gn, CMD + ["--data", gn, "--out", "-"])

gd = write_growth(os.path.join(tmp, "g_dup.csv"), edit={("A", 2001): {"year": "2000"}})
ini, out = project("g_dup", None, gd)
refused("[growth] a repeated unit and period", ini, out, 5,
        "nqpf: %s:3: unit 'A' in period '2000' appears twice (first on line 2)\n" % gd,
        CMD + ["--data", gd, "--out", "-"])

CONV = ["converge", "--unit", "province", "--period", "year", "--value", "v4_zh_nbzc_hj", "--controls",
        "v4_zh_nbzc_hj,v4_zh_nbzc_yyyj", "--out", "-"]
pb = write_panel(os.path.join(tmp, "p_bad.csv"), edit={(6, "v4_zh_nbzc_yyyj"): "12x"})
ini, out = project("p_bad", pb, None, "v4_zh_nbzc_hj,v4_zh_nbzc_yyyj")
refused("[converge] a bad number in a control", ini, out, 4,
        "nqpf: %s:8:8: '12x' in column 'v4_zh_nbzc_yyyj': not a number\n" % pb, CONV[:1] + ["--data", pb] + CONV[1:])

pm = write_panel(os.path.join(tmp, "p_miss.csv"), edit={(8, "v4_zh_nbzc_hj"): "", (3, "v4_zh_nbzc_yyyj"): "NA"})
ini, out = project("p_miss", pm, None, "v4_zh_nbzc_hj,v4_zh_nbzc_yyyj")
refused("[converge] a missing control, the first in file order", ini, out, 9,
        "nqpf: %s:5:8: missing value in column 'v4_zh_nbzc_yyyj'\n" % pm)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if ec.failures else 0)
