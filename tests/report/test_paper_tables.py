"""The summary tables papers print, recomputed here with numpy/pandas from
the report's own long CSVs and normalised data (not from nqpf's code):
the indicator system's entropy e and d (Shannon entropy of the shares of
Z), the unit x period score matrix, the N leading obstacle factors
([obstacle] top = N, also a non-default N), units per coupling class,
GM(1,1) accuracy (a, b, C, P by least squares on the AGO series) and, with
index.aggregate = topsis, D+, D-, closeness and the ideal points.
Tolerance 1e-9 relative."""
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", ".")
DATA = os.path.join(ROOT, "data")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report as check  # noqa: E402


def close(a, b, rtol=1e-9):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= rtol * np.maximum(np.abs(b), 1e-12)))


def run(project, out):
    p = subprocess.run([NQPF, "run", project, "--out", out, "--quiet"], capture_output=True, text=True)
    check(p.returncode == 0, "run %s" % os.path.basename(project), p.stderr)
    return os.path.join(out, "tables")


def rd(t, name):
    return pd.read_csv(os.path.join(t, name + ".csv"), dtype={"period": str, "unit": str})


tmp = tempfile.mkdtemp(prefix="nqpf-paper-test-")
T = run(os.path.join(DATA, "nqpf_project.ini"), os.path.join(tmp, "rep"))
scores = rd(T, "scores")
periods = sorted(scores["period"].unique())
units = list(dict.fromkeys(scores["unit"]))
Z = rd(T, "normalized")
cols = [c for c in Z.columns if c not in ("unit", "period")]

# ---- system: entropy e, d = 1 - e over all unit-periods (panel scope) -------
sy = rd(T, "system")
X = Z[cols].to_numpy(float)
P = X / X.sum(axis=0)
e = -(P * np.log(P)).sum(axis=0) / math.log(X.shape[0])
w = (1 - e) / (1 - e).sum()
check(list(sy["数据列"]) == cols and close(sy["e"], e) and close(sy["d"], 1 - e) and close(sy["权重"], w),
      "system: e, d and weights = Shannon entropy of the shares of Z (numpy)")

# ---- score matrix -------------------------------------------------------------
sm = pd.read_csv(os.path.join(T, "score_matrix.csv"), dtype=str)
piv = scores.pivot(index="unit", columns="period", values="score").loc[units, periods]
got = sm.iloc[:-1][periods].astype(float).to_numpy()
check(list(sm["地区"][:-1]) == units and close(got, piv.to_numpy()) and
      close(sm.iloc[:-1]["均值"].astype(float), piv.mean(axis=1)) and
      close(sm.iloc[-1][periods].astype(float), piv.mean(axis=0)),
      "score_matrix: the scores pivoted, unit means and period means")


# ---- obstacle top ------------------------------------------------------------------
def obstacle_top_check(t, n, label):
    ob = rd(t, "obstacle")
    last = ob[(ob["period"] == periods[-1]) & (ob["level"] == "indicator")]
    top = pd.read_csv(os.path.join(t, "obstacle_top.csv"), dtype=str)
    sysn = dict(zip(sy["数据列"], sy["指标"]))
    ok = len(top.columns) == 1 + 2 * n and list(top["地区"]) == units
    for u, row in zip(units, top.itertuples(index=False)):
        g = last[last["unit"] == u].reset_index(drop=True)
        order = sorted(range(len(g)), key=lambda i: (-g["obstacle"][i], i))[:n]
        ok &= [row[1 + 2 * k] for k in range(n)] == [sysn[g["name"][i]] for i in order]
        ok &= close([float(row[2 + 2 * k]) for k in range(n)], [g["obstacle"][i] for i in order])
    check(ok, "obstacle_top (%s): the %d largest indicator obstacle degrees of %s per unit" % (label, n, periods[-1]))


obstacle_top_check(T, 5, "top = 5")
proj = open(os.path.join(DATA, "nqpf_project.ini"), encoding="utf-8").read()
pdir = os.path.join(tmp, "p3")
os.mkdir(pdir)
for f in ("china_provinces_tech_wide.csv", "nqpf_system.csv", "china_provinces.geojson", "pwt91_subset.csv"):
    shutil.copy(os.path.join(DATA, f), pdir)
with open(os.path.join(pdir, "p.ini"), "w", encoding="utf-8") as fh:
    fh.write(proj.replace("top = 5", "top = 3"))
obstacle_top_check(run(os.path.join(pdir, "p.ini"), os.path.join(tmp, "rep3")), 3, "top = 3")

# ---- coupling classes -----------------------------------------------------------------
cp = rd(T, "coupling")
cc = pd.read_csv(os.path.join(T, "coupling_classes.csv"), dtype={"等级": int})
lvl = np.clip(np.floor(cp["D"].to_numpy() * 10).astype(int) + 1, 1, 10)
cnt = pd.crosstab(lvl, cp["period"]).reindex(index=range(1, 11), columns=periods, fill_value=0)
check(list(cc["等级"]) == list(range(1, 11)) and (cc[periods].to_numpy() == cnt.to_numpy()).all() and
      (cc[periods].sum(axis=0) == len(units)).all() and (cp["level"].to_numpy() == lvl).all(),
      "coupling_classes: units per 0.1-wide class of D and period")

# ---- GM(1,1) accuracy: least squares on the AGO, posterior-error test -----------------
fc = pd.read_csv(os.path.join(T, "forecast.csv"), dtype={"period": str, "series": str})
gm = pd.read_csv(os.path.join(T, "gm_accuracy.csv"), dtype={"序列": str})
ok = len(gm) == fc["series"].nunique()
for row in gm.itertuples(index=False):
    x0 = fc[(fc["series"] == row[0]) & fc["actual"].notna()]["actual"].to_numpy()
    n = len(x0)
    x1 = np.cumsum(x0)
    zb = 0.5 * (x1[1:] + x1[:-1])
    B = np.column_stack([-zb, np.ones(n - 1)])
    a, b = np.linalg.lstsq(B, x0[1:], rcond=None)[0]
    k = np.arange(n)
    x1h = (x0[0] - b / a) * np.exp(-a * k) + b / a
    x0h = np.concatenate([[x0[0]], np.diff(x1h)])
    res = (x0 - x0h)[1:]                     # k = 2..n
    S1, S2 = x0.std(), res.std()              # population SDs
    C = S2 / S1
    Pp = np.mean(np.abs(res - res.mean()) < 0.6745 * S1)
    mre = np.mean(np.abs(res) / x0[1:])
    grade = 1 if (Pp > 0.95 and C < 0.35) else 2 if (Pp > 0.80 and C < 0.5) else 3 if (Pp > 0.7 and C < 0.65) else 4
    names = {1: "一级（好）", 2: "二级（合格）", 3: "三级（勉强）", 4: "四级（不合格）"}
    ok &= close([row[1], row[2], row[4], row[5]], [a, b, C, Pp]) and close(row[3], mre) and row[6] == names[grade]
check(ok, "gm_accuracy: a, b, mean relative error, C, P and grade of GM(1,1) recomputed with numpy")

# ---- TOPSIS ------------------------------------------------------------------------------
tdir = os.path.join(tmp, "pt")
os.mkdir(tdir)
for f in ("china_provinces_tech_wide.csv", "nqpf_system.csv"):
    shutil.copy(os.path.join(DATA, f), tdir)
with open(os.path.join(tdir, "p.ini"), "w", encoding="utf-8") as fh:
    fh.write("[data]\nfile = china_provinces_tech_wide.csv\nunit = province\nperiod = year\nmissing = interpolate\n"
             "[system]\nfile = nqpf_system.csv\n[index]\nnormalize = minmax\nshift = 0.0001\nweights = entropy\n"
             "aggregate = topsis\n")
TT = run(os.path.join(tdir, "p.ini"), os.path.join(tmp, "rept"))
Zt = rd(TT, "normalized")
wt = rd(TT, "weights").set_index("indicator").loc[cols, "weight"].to_numpy()
V = Zt[cols].to_numpy(float) * wt
hi, lo = V.max(axis=0), V.min(axis=0)
dp = np.sqrt(((V - hi) ** 2).sum(axis=1))
dm = np.sqrt(((V - lo) ** 2).sum(axis=1))
Cl = dm / (dp + dm)
st = rd(TT, "scores")
check(close(st["score"], Cl), "topsis: numpy closeness = the index scores")
last = (Zt["period"] == periods[-1]).to_numpy()
tp = pd.read_csv(os.path.join(TT, "topsis.csv"), dtype=str)
check(list(tp["地区"]) == list(Zt["unit"][last]) and close(tp["D+"].astype(float), dp[last]) and
      close(tp["D-"].astype(float), dm[last]) and close(tp["贴近度C"].astype(float), Cl[last]),
      "topsis: D+, D- and closeness of %s (numpy)" % periods[-1])
ti = pd.read_csv(os.path.join(TT, "topsis_ideal.csv"), dtype=str)
check(list(ti["数据列"]) == cols and close(ti["正理想解"].astype(float), hi) and close(ti["负理想解"].astype(float), lo),
      "topsis_ideal: the weighted ideal and anti-ideal points (numpy)")
check(not os.path.exists(os.path.join(T, "topsis.csv")), "topsis: no TOPSIS tables for a weighted-sum index")

shutil.rmtree(tmp, ignore_errors=True)
finish()
