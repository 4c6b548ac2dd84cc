#!/usr/bin/python3
"""[reg] / [reg.NAME] sections of `nqpf run`: a study from the index to the
regression on its score in one project.  Every number of the report equals
`nqpf reg` with the same options on the same data (the index score merged
by unit and period), the coefficients on the score agree with statsmodels
(a dummy-variable OLS we did not write), the paper table equals
`nqpf reg --table`, and bad keys are errors at FILE:LINE:COL."""
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd
import statsmodels.api as sm

import econ_common as ec
from econ_common import BASE, DATA, check, rows, run

tmp = tempfile.mkdtemp(prefix="nqpf-report-reg-")
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
mfile = ec.merged_panel(tmp)
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
check(all(c == "" or c.rstrip("*").rsplit(".", 1)[-1].rstrip(")").isdigit() and
          len(c.rstrip("*").rstrip(")").rsplit(".", 1)[-1]) == 4 for r in tab[3:7] for c in r[1:]),
      "reg_table: digits = 4 in [reg] gives every model 4 decimals", tab[3:7])

# the engines hand their tables back in memory: nothing goes to TMPDIR, after success and after an error
scratch = os.path.join(tmp, "scratch")
os.mkdir(scratch)
for text in ("[reg]\ny = score\nx = %s\n" % X1, "[reg]\ny = score\nx = nope\n"):
    with open(os.path.join(tmp, "s.ini"), "w", encoding="utf-8") as fh:
        fh.write(BASE + text)
    subprocess.run([ec.NQPF, "run", os.path.join(tmp, "s.ini"), "--out", os.path.join(tmp, "s-out"), "--quiet",
                    "--force"], capture_output=True, env=dict(os.environ, TMPDIR=scratch))
check(os.listdir(scratch) == [], "nothing is left in TMPDIR", os.listdir(scratch))
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
# its W is the map's queen contiguity (Hainan linked to its nearest province), as PROVENANCE.md says it was made
wq = os.path.join(tmp, "queen.csv")
p = run("weights", "--geojson", os.path.join(DATA, "china_provinces.geojson"), "--contiguity", "queen",
        "--link-islands", "--data", os.path.join(DATA, "china_provinces_tech_wide.csv"), "--unit", "gb_code",
        "--subset-weights", "--out", wq)
check(p.returncode == 0 and open(wq, "rb").read() == open(os.path.join(DATA, "china_provinces_queen.csv"), "rb").read(),
      "data/china_provinces_queen.csv is nqpf weights' queen contiguity of the map", p.stderr)

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
ec.bad_projects(tmp, [(name, BASE + text, want) for name, text, want in cases])
shutil.rmtree(tmp)
sys.exit(1 if ec.failures else 0)
