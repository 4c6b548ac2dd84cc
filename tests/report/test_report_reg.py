#!/usr/bin/python3
"""[reg] / [reg.NAME] sections of `nqpf run`: a study from the index to the
regression on its score in one project.  Every number of the report equals
`nqpf reg` with the same options on the same data (the index score merged
by unit and period), the coefficients on the score agree with statsmodels
(a dummy-variable OLS we did not write), the paper table equals
`nqpf reg --table`, and bad keys are errors at FILE:LINE:COL."""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
import statsmodels.api as sm

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
DATA = os.path.abspath(os.path.join(ROOT, "data"))
failures = 0


def check(cond, name, detail=""):
    global failures
    print(("ok - " if cond else "not ok - ") + name + ("" if cond or not detail else ": " + str(detail)))
    failures += 0 if cond else 1


def run(*args):
    return subprocess.run([NQPF, *args], capture_output=True, text=True)


def rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.reader(fh))


tmp = tempfile.mkdtemp(prefix="nqpf-report-reg-")
BASE = ("[data]\nfile = %s/china_provinces_tech_wide.csv\nunit = province\nperiod = year\nmissing = interpolate\n"
        "[system]\nfile = %s/nqpf_system.csv\n" % (DATA, DATA))
X1, X2 = "v4_zh_nbzc_hj", "v4_zh_qsdl_hj"
proj = os.path.join(tmp, "study.ini")
with open(proj, "w", encoding="utf-8") as fh:
    fh.write(BASE + "[reg]\nabsorb = unit,period\ncluster = unit\ndigits = 4\n"
             "[reg.base]\ny = score\nx = %s\n[reg.more]\ny = score\nx = %s,%s\nvce = robust\ncluster =\n" % (X1, X1, X2))
rep = os.path.join(tmp, "rep")
p = run("run", proj, "--out", rep, "--quiet")
check(p.returncode == 0, "index -> reg on the score: the project runs", p.stderr)
T = os.path.join(rep, "tables")

# the same data by hand: nqpf index's scores merged onto the data file
idx = os.path.join(tmp, "idx")
run("index", "--data", os.path.join(DATA, "china_provinces_tech_wide.csv"), "--system",
    os.path.join(DATA, "nqpf_system.csv"), "--unit", "province", "--period", "year", "--missing", "interpolate",
    "--out", idx)
# (text joined as read: pandas' float parser is not round-trip exact)
raw = rows(os.path.join(DATA, "china_provinces_tech_wide.csv"))
score = {(r[0], r[1]): r[2] for r in rows(os.path.join(idx, "scores.csv"))[1:]}
ui, pi = raw[0].index("province"), raw[0].index("year")
mfile = os.path.join(tmp, "merged.csv")
with open(mfile, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(raw[0] + ["score"])
    for r in raw[1:]:
        w.writerow(r + [score.get((r[ui], r[pi]), "")])
merged = pd.read_csv(mfile)
common = ["--data", mfile, "--unit", "province", "--period", "year", "--y", "score", "--absorb", "unit,period"]
specs = {"reg.base": ["--x", X1, "--cluster", "unit"], "reg.more": ["--x", "%s,%s" % (X1, X2), "--vce", "robust"]}
coef, stats = rows(os.path.join(T, "reg_coef.csv")), rows(os.path.join(T, "reg_stats.csv"))
check(coef[0] == ["section", "by", "model", "term", "estimate", "se", "t", "p", "ci_lo", "ci_hi"], "reg_coef header")
for sec, extra in specs.items():
    o, s = os.path.join(tmp, sec + ".csv"), os.path.join(tmp, sec + "_stats.csv")
    q = run("reg", *common, *extra, "--out", o, "--stats", s)
    check(q.returncode == 0, "%s: nqpf reg runs" % sec, q.stderr)
    mine = [r[2:] for r in coef[1:] if r[0] == sec]
    check(mine == rows(o)[1:], "%s: reg_coef rows are nqpf reg --out digit for digit" % sec, (mine[:1], rows(o)[1:2]))
    mine = [r[2:] for r in stats[1:] if r[0] == sec]
    check(mine == rows(s)[1:], "%s: reg_stats rows are nqpf reg --stats digit for digit" % sec)

# a peer: the two-way FE coefficient on the score by dummy-variable OLS (statsmodels)
d = merged.dropna(subset=["score", X1])
D = pd.get_dummies(d[["province", "year"]].astype(str), drop_first=True, dtype=float)
fit = sm.OLS(d["score"].to_numpy(), sm.add_constant(pd.concat([d[[X1]], D], axis=1)).to_numpy()).fit()
b = float([r for r in coef if r[0] == "reg.base" and r[3] == X1][0][4])
check(abs(b - fit.params[1]) <= 1e-9 * abs(fit.params[1]), "score on %s: coefficient equals statsmodels LSDV" % X1,
      (b, fit.params[1]))

# the paper table: both models as columns, the layout of nqpf reg --table
tab = rows(os.path.join(T, "reg_table.csv"))
check(tab[0] == ["", "(1)", "(2)"] and tab[1] == ["", "score", "score"] and tab[2] == ["", "base", "more"],
      "reg_table: columns (1) (2), depvar and model names", tab[:3])
check(tab[3][0] == X1 and tab[5][0] == X2 and tab[5][1] == "" and tab[6] == ["", "", tab[6][2]],
      "reg_table: a term a model lacks is empty", tab[3:7])
check(["FE: unit", "Yes", "Yes"] in tab and ["FE: period", "Yes", "Yes"] in tab, "reg_table: FE rows")
check(os.path.exists(os.path.join(T, "reg_table.tex")), "reg_table.tex written")
one = os.path.join(tmp, "one.ini")
with open(one, "w", encoding="utf-8") as fh:
    fh.write(BASE + "[reg]\ny = score\nx = %s,%s\nabsorb = unit,period\ncluster = unit\n" % (X1, X2))
rep1 = os.path.join(tmp, "rep1")
p = run("run", one, "--out", rep1, "--quiet")
t1 = os.path.join(tmp, "t1.csv")
run("reg", *common, "--x", "%s,%s" % (X1, X2), "--cluster", "unit", "--out", os.path.join(tmp, "o1.csv"), "--table", t1)
cli = [r + [""] * (2 - len(r)) for r in rows(t1)]
check(p.returncode == 0 and rows(os.path.join(rep1, "tables", "reg_table.csv")) == cli,
      "one [reg]: reg_table.csv cell for cell nqpf reg --table", p.stderr)
h = open(os.path.join(rep, "index.html"), encoding="utf-8").read()
check('class="econ"' in h and "Within R2" in h, "HTML has the regression table")
m = open(os.path.join(rep, "methods.md"), encoding="utf-8").read()
check("## Regressions" in m and "## 回归分析" in m and "[reg.more]" in m, "methods.md: zh and en paragraphs")
rj = open(os.path.join(rep, "run.json"), encoding="utf-8").read()
check('"reg.more.vce"' in rj and '"reg.base.absorb"' in rj, "run.json records each model's keys (defaults from [reg])")

# the bundled study (data/nqpf_study.ini): index -> three models and a threshold model on the score
study = os.path.join(tmp, "study")
p = run("run", os.path.join(DATA, "nqpf_study.ini"), "--out", study, "--quiet")
st = rows(os.path.join(study, "tables", "reg_table.csv")) if p.returncode == 0 else [[]]
check(p.returncode == 0 and st[0] == ["", "(1)", "(2)", "(3)"] and ["FE: period", "Yes", "Yes", "No"] in st,
      "data/nqpf_study.ini runs: three models, the third without period effects", p.stderr)
check(all(os.path.exists(os.path.join(study, "tables", f)) for f in ("thr_test.csv", "spreg_effects.csv")),
      "data/nqpf_study.ini: the threshold tests and the spatial effects")

# ---- bad projects ----------------------------------------------------------
cases = [
    ("unknown key", "[reg]\ny = score\nxx = a\n", "bad.ini:10:1: unknown key 'xx' in [reg]"),
    ("no y", "[reg]\nx = a\n", "bad.ini:8:1: [reg] needs 'y = …'"),
    ("bad number", "[reg]\ny = score\nx = %s\ntol = abc\n" % X1, "bad.ini:11:7: 'abc'"),
    ("no such column", "[reg.a]\ny = score\nx = nope\n",
     "china_provinces_tech_wide.csv:1: no column 'nope'"),
    ("bad list", "[reg]\ny = score\nx = %s\nabsorb = unit,,period\n" % X1, "bad.ini:8:1: [reg]:"),
    ("threshold n", "[threshold]\ny = score\nrx = %s\nq = %s\nn = 4\n" % (X1, X2), "bad.ini:12:5: '4'"),
    ("did both", "[did]\ny = score\n", "bad.ini:8:1: [did]: give exactly one of --treat and --first-treated"),
]
for name, text, want in cases:
    bad = os.path.join(tmp, "bad.ini")
    with open(bad, "w", encoding="utf-8") as fh:
        fh.write(BASE + text)
    out = os.path.join(tmp, "badrep")
    q = run("run", bad, "--out", out, "--quiet")
    check(q.returncode != 0 and want in q.stderr and not os.path.exists(out),
          "bad project (%s): '%s', nothing written" % (name, want), q.stderr.strip())
shutil.rmtree(tmp)
sys.exit(1 if failures else 0)
