#!/usr/bin/python3
"""nqpf inequality: Gini, Atkinson, Wolfson and the Lorenz curve against
what we did not write.

- R `ineq` (Zeileis): Gini 0.4620911, Atkinson(0.5) 0.1796591, Atkinson(1)
  0.3518251 on x = 541 … 22261, as printed in open-risk/concentrationMetrics
  examples/gini_example.py ("Comparison with R version in ineq package"),
  to their 7 printed digits.
- An R package's test of Atkinson (dat = 10, 15, 20, 25, 40, 20, 30, 35, 45,
  90: 0.08692, 0.1641, 0.2902 for ε = 0.5, 1, 2), to the printed digits.
- pysal `inequality` tests (test_wolfson.py): Wolfson 1/12 for 6,6,8,8,10,
  10,12,12 and 11/72 for 2,4,…,16 — pysal leaves out Wolfson's (1994)
  leading 2, so nqpf's index is twice these (exact fractions, 1e-12); its
  Lorenz curve of 1..5 (0, 1/15, 3/15, 6/15, 10/15, 1).
- An independent numpy computation (pairwise Gini, np.interp, np.median)
  on random periods with odd and even n and zeros, to 1e-12 relative;
  Gini equal to `nqpf theil`'s on the bundled provincial data.
- Bad input: negative value at FILE:LINE:COL, bad --epsilon, an all-zero
  period, an unwritable --lorenz: non-zero exit and nothing written.
"""
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import report, finish  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
ROOT = os.environ.get("NQPF_ROOT", os.getcwd())
TMP = tempfile.mkdtemp(prefix="nqpf-ineq-")


def run(*args):
    return subprocess.run([NQPF, "inequality"] + list(args), capture_output=True, text=True)


def write(name, values_by_period):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write("unit,period,v\n")
        for per, vals in values_by_period.items():
            for i, v in enumerate(vals):
                f.write("u%d,%s,%r\n" % (i, per, v))
    return path


def table(text):
    return list(csv.DictReader(io.StringIO(text)))


def one(values, eps="0.5,1,2", extra=()):
    p = run("--data", write("one.csv", {"1": values}), "--unit", "unit", "--period", "period", "--value", "v",
            "--epsilon", eps, "--out", "-", *extra)
    assert p.returncode == 0, p.stderr
    return {k: float(v) if v != "" else math.nan for k, v in table(p.stdout)[0].items()}


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


# R ineq, printed to 7 digits
r = one([541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261], "0.5,1")
report(round(r["gini"], 7) == 0.4620911, "Gini = R ineq 0.4620911", r["gini"])
report(round(r["atkinson_0.5"], 7) == 0.1796591, "Atkinson(0.5) = R ineq 0.1796591", r["atkinson_0.5"])
report(round(r["atkinson_1"], 7) == 0.3518251, "Atkinson(1) = R ineq 0.3518251", r["atkinson_1"])
r = one([10, 15, 20, 25, 40, 20, 30, 35, 45, 90])
for e, lit in (("0.5", 0.08692), ("1", 0.1641), ("2", 0.2902)):
    digits = len(str(lit).split(".")[1])
    report(round(r["atkinson_" + e], digits) == lit, "Atkinson(%s) = %s as printed" % (e, lit), r["atkinson_" + e])

# pysal inequality's Wolfson literals (times Wolfson's 2)
r = one([6, 6, 8, 8, 10, 10, 12, 12])
report(rel(r["wolfson"], 2 / 12) < 1e-12, "Wolfson = 2 x pysal's 1/12", r["wolfson"])
r = one([2, 4, 6, 8, 10, 12, 14, 16])
report(rel(r["wolfson"], 2 * 11 / 72) < 1e-12, "Wolfson = 2 x pysal's 11/72", r["wolfson"])
lz = os.path.join(TMP, "lz.csv")
p = run("--data", write("l.csv", {"1": [3, 1, 5, 2, 4]}), "--period", "period", "--value", "v", "--lorenz", lz,
        "--out", os.path.join(TMP, "l_out.csv"))
pts = [(float(x["p"]), float(x["L"])) for x in table(open(lz).read())] if p.returncode == 0 else []
want = [(k / 5, c / 15) for k, c in enumerate((0, 1, 3, 6, 10, 15))]
report(len(pts) == 6 and all(abs(a - c) < 1e-15 and abs(b - d) < 1e-15 for (a, b), (c, d) in zip(pts, want)),
       "Lorenz curve of 1..5 = pysal's (0, 1/15, 3/15, 6/15, 10/15, 1)", (pts, p.stderr))


# independent numpy on random periods
def ref(x, eps):
    x = np.asarray(x, float)
    n, mu = len(x), x.mean()
    g = np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * mu)
    s = np.sort(x)
    lor = np.concatenate(([0.0], np.cumsum(s) / s.sum()))
    half = np.interp(0.5, np.linspace(0, 1, n + 1), lor)
    med = np.median(x)
    w = 2 * (2 * (0.5 - half) - g) * mu / med if med > 0 else math.nan
    a = {}
    for e in eps:
        if e >= 1 and s[0] == 0:
            a[e] = 1.0
        elif e == 1:
            a[e] = 1 - math.exp(np.mean(np.log(x / mu)))
        else:
            a[e] = 1 - np.mean((x / mu) ** (1 - e)) ** (1 / (1 - e))
    return dict(n=n, mean=mu, median=med, gini=g, wolfson=w, lorenz=lor, atk=a)


rng = random.Random(7)
eps = [0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0]
periods = {}
for t in range(12):
    n = rng.choice([2, 3, 7, 10, 31, 64, 101])
    vals = [round(rng.lognormvariate(0, 1.2), 6) for _ in range(n)]
    if t % 4 == 0:
        vals[rng.randrange(n)] = 0.0
    periods[str(2000 + t)] = vals
f = write("rand.csv", periods)
lz = os.path.join(TMP, "rand_lz.csv")
p = run("--data", f, "--unit", "unit", "--period", "period", "--value", "v", "--epsilon",
        ",".join(repr(e) for e in eps), "--lorenz", lz, "--out", os.path.join(TMP, "rand_out.csv"))
report(p.returncode == 0, "random periods run", p.stderr)
got = table(open(os.path.join(TMP, "rand_out.csv")).read()) if p.returncode == 0 else []
curves = {}
for row in (table(open(lz).read()) if p.returncode == 0 else []):
    curves.setdefault(row["period"], []).append(float(row["L"]))
worst = 0.0
for row in got:
    want = ref(periods[row["period"]], eps)
    for k in ("n", "mean", "median", "gini", "wolfson"):
        worst = max(worst, rel(float(row[k]), want[k]))
    for e in eps:
        # A_e lies in [0, 1] and A_0 is 0: compared absolutely
        worst = max(worst, abs(float(row["atkinson_" + repr(e)]) - want["atk"][e]))
    lw = want["lorenz"]
    worst = max(worst, max(abs(a - b) for a, b in zip(curves[row["period"]], lw)))
report(len(got) == 12 and worst < 1e-12, "12 random periods equal numpy to 1e-12 (worst %.2e)" % worst, worst)

# Gini equals nqpf theil's on the bundled data
data = os.path.join(ROOT, "data", "china_provinces_tech_wide.csv")
args = ["--data", data, "--unit", "province", "--period", "year", "--value", "v4_zh_nbzc_hj", "--out", "-"]
a = run(*args)
b = subprocess.run([NQPF, "theil"] + args, capture_output=True, text=True)
tg = {x["period"]: float(x["value"]) for x in table(b.stdout) if x["component"] == "gini"}
ig = {x["period"]: float(x["gini"]) for x in table(a.stdout)}
report(a.returncode == 0 and len(ig) > 10 and all(rel(ig[k], tg[k]) < 1e-14 for k in ig), "Gini = nqpf theil's gini",
       (a.stderr, b.stderr))

# bad input: clear error, nothing written
out = os.path.join(TMP, "never.csv")
p = run("--data", write("neg.csv", {"1": [1.0, -2.0, 3.0]}), "--period", "period", "--value", "v", "--out", out)
report(p.returncode != 0 and "neg.csv:3:" in p.stderr and not os.path.exists(out), "a negative value: FILE:LINE:COL",
       p.stderr)
p = run("--data", f, "--period", "period", "--value", "v", "--epsilon", "0.5,-1", "--out", out)
report(p.returncode == 2 and "--epsilon" in p.stderr and not os.path.exists(out), "a negative epsilon: usage error",
       p.stderr)
p = run("--data", write("zero.csv", {"1": [1.0, 2.0], "2": [0.0, 0.0]}), "--period", "period", "--value", "v",
        "--out", out)
report(p.returncode != 0 and "period '2'" in p.stderr and not os.path.exists(out), "an all-zero period is named",
       p.stderr)
p = run("--data", f, "--period", "period", "--value", "v", "--lorenz", os.path.join(TMP, "no", "dir", "l.csv"),
        "--out", out)
report(p.returncode != 0 and not os.path.exists(out), "an unwritable --lorenz: --out not written either", p.stderr)
p = run("--data", write("med.csv", {"1": [0.0, 0.0, 0.0, 1.0, 2.0]}), "--period", "period", "--value", "v",
        "--out", "-")
r = table(p.stdout)
report(p.returncode == 0 and r and r[0]["wolfson"] == "" and "median is 0" in p.stderr,
       "a zero median: Wolfson empty, with a warning", (p.stdout, p.stderr))
p = run("--data", f, "--period", "period", "--value", "v", "--bom", "--lorenz", os.path.join(TMP, "bl.csv"), "--out",
        os.path.join(TMP, "bo.csv"))
report(p.returncode == 0 and open(os.path.join(TMP, "bo.csv"), "rb").read(3) == b"\xef\xbb\xbf"
       and open(os.path.join(TMP, "bl.csv"), "rb").read(3) == b"\xef\xbb\xbf", "--bom on both outputs", p.stderr)
finish()
