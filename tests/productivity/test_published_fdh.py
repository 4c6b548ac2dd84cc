#!/usr/bin/python3
"""nqpf dea --model fdh (free disposal hull, Deprins, Simar & Tulkens 1984)
against a peer's documented results: pyStoNED (github ds2010/pyStoNED, MIT
licence), notebooks doc/notebooks/FDH_io.ipynb (commit 9cc6f61c) and
doc/sources/notebooks/FDH_oo.ipynb (commit a3750c25), which solve Tulkens'
(1993) mixed-integer FDH programme with MOSEK on the 89 Finnish electricity
distribution firms of pystoned/data/electricityFirms.csv (inputs OPEX, CAPEX,
output Energy) and print every firm's theta (input) and phi (output) to 16
digits (tests/ref/published/pystoned_fdh_expected.csv).

Convention mapping: pyStoNED's input theta is nqpf's input efficiency;
its output phi (>= 1, the expansion factor) is nqpf's phi column of
--orient out, and nqpf's efficiency there is 1/phi (DEAP convention).
FDH scores are ratios of the data, so each printed value is an exact
fraction up to the solver's last digit (firm 5 prints 0.9999999999999999
for 1): compared at 1e-9 relative, and every nqpf score to 1e-12 against the
enumeration written out here with exact fractions (input: min over firms j
with y_j >= y_o of max_i x_ij / x_io; output: max over firms with x_j <= x_o
of y_j / y_o), and to 1e-9 against the mixed-integer programme solved by
scipy's HiGHS (scipy.optimize.milp).  By hand, firm 0 (681, 729; 75) is
dominated in output by firm 28 (548, 412; 123), the notebook's lambda
(0, 28) = 1: theta = max(548/681, 412/729) = 548/681 = 0.80470,
phi = 123/75 = 1.64, both as printed.

Part 2, a peer's test literals: the R package metafrontier (CRAN 0.3.0, GPL-3;
github cran/metafrontier, commit 40fd663b, tests/testthat/test-dea-features.R,
"a radially efficient but dominated DMU shows positive slack" and "FDH
slacks are measured against the dominating peer"): units A (1, 4),
B (4, 1), D (1, 5), C (2, 2) in that row order (their names), one unit of
output each; D is radially efficient (theta = 1, VRS input) but has input
slacks (0, 1), and under FDH its dominating peer is A with the same slacks.  By hand:
no unit uses less than 1 of x1, so theta = 1; (1, 4) then covers (1, 5) with
x2 to spare by 1.
"""
import os
import sys
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import path, read, run_keyed  # noqa: E402

DATA = path("pystoned_firms.csv")
BASE = ["dea", "--data", DATA, "--unit", "firm", "--inputs", "OPEX,CAPEX", "--outputs", "Energy",
        "--model", "fdh"]

rows = read("pystoned_firms.csv")
X = [[Fraction(r[c]) for c in ("OPEX", "CAPEX")] for r in rows]
Y = [Fraction(r["Energy"]) for r in rows]
n = len(rows)


def enum_theta(o):
    return min(max(X[j][i] / X[o][i] for i in range(2)) for j in range(n) if Y[j] >= Y[o])


def enum_phi(o):
    return max(Y[j] / Y[o] for j in range(n) if all(X[j][i] <= X[o][i] for i in range(2)))


def milp_score(o, orient):
    """Tulkens' FDH programme: variables (score, lambda_1..n), lambda binary, sum = 1."""
    xs = np.array([[float(v) for v in r] for r in X])
    ys = np.array([float(v) for v in Y])
    if orient == "in":   # min theta: X'l - theta x_o <= 0, y'l >= y_o
        c = np.r_[1.0, np.zeros(n)]
        rows_ = [np.r_[-xs[o, i], xs[:, i]] for i in range(2)] + [np.r_[0.0, ys]]
        lo = [-np.inf, -np.inf, ys[o]]
        hi = [0.0, 0.0, np.inf]
    else:                # max phi: X'l <= x_o, y'l - phi y_o >= 0
        c = np.r_[-1.0, np.zeros(n)]
        rows_ = [np.r_[0.0, xs[:, i]] for i in range(2)] + [np.r_[-ys[o], ys]]
        lo = [-np.inf, -np.inf, 0.0]
        hi = [xs[o, 0], xs[o, 1], np.inf]
    rows_.append(np.r_[0.0, np.ones(n)])
    lo.append(1.0)
    hi.append(1.0)
    res = milp(c, constraints=LinearConstraint(np.array(rows_), lo, hi),
               integrality=np.r_[0, np.ones(n)], bounds=Bounds(np.r_[0.0, np.zeros(n)], np.r_[np.inf, np.ones(n)]),
               options={"mip_rel_gap": 0.0})
    return res.x[0] if res.status == 0 else float("nan")


def close(a, b, tol):
    return abs(a - b) <= tol * max(1.0, abs(b))


expected = read("pystoned_fdh_expected.csv")
got_in = run_keyed(BASE, "firm", "dea --model fdh on pyStoNED's 89 firms (input)")
got_out = run_keyed(BASE + ["--orient", "out"], "firm", "dea --model fdh --orient out on pyStoNED's 89 firms")

bad = {"in printed": [], "in exact": [], "in highs": [], "out printed": [], "out exact": [], "out highs": []}
for k, r in enumerate(expected):
    o = int(r["firm"])
    gi, go = got_in.get(r["firm"], {}), got_out.get(r["firm"], {})
    theta = float(gi["efficiency"]) if gi.get("status") == "ok" else float("nan")
    phi = float(go["phi"]) if go.get("status") == "ok" else float("nan")
    eff_out = float(go["efficiency"]) if go.get("status") == "ok" else float("nan")
    if not close(theta, float(r["theta_io"]), 1e-9):
        bad["in printed"].append((o, theta, r["theta_io"]))
    if not close(theta, float(enum_theta(o)), 1e-12):
        bad["in exact"].append((o, theta, enum_theta(o)))
    if not close(theta, milp_score(o, "in"), 1e-9):
        bad["in highs"].append((o, theta))
    if not (close(phi, float(r["phi_oo"]), 1e-9) and close(eff_out, 1.0 / float(r["phi_oo"]), 1e-9)):
        bad["out printed"].append((o, phi, eff_out, r["phi_oo"]))
    if not close(phi, float(enum_phi(o)), 1e-12):
        bad["out exact"].append((o, phi, enum_phi(o)))
    if not close(phi, milp_score(o, "out"), 1e-9):
        bad["out highs"].append((o, phi))

report(len(expected) == n == 89, "pyStoNED's FDH notebooks print a score for each of the 89 firms", len(expected))
report(not bad["in printed"], "FDH input: all 89 thetas as pyStoNED prints them (1e-9)", bad["in printed"])
report(not bad["in exact"], "FDH input: all 89 thetas = exact enumeration (1e-12)", bad["in exact"])
report(not bad["in highs"], "FDH input: all 89 thetas = HiGHS mixed-integer optimum (1e-9)", bad["in highs"])
report(not bad["out printed"], "FDH output: all 89 phi as pyStoNED prints them, efficiency = 1/phi (1e-9)",
       bad["out printed"])
report(not bad["out exact"], "FDH output: all 89 phi = exact enumeration (1e-12)", bad["out exact"])
report(not bad["out highs"], "FDH output: all 89 phi = HiGHS mixed-integer optimum (1e-9)", bad["out highs"])
report(abs(float(got_in["0"]["efficiency"]) - 548 / 681) <= 1e-12 and abs(float(got_out["0"]["phi"]) - 1.64) <= 1e-12,
       "FDH by hand: firm 0 against firm 28, theta = 548/681, phi = 123/75", (got_in.get("0"), got_out.get("0")))

# 2. metafrontier's test literals (CRAN 0.3.0): VRS and FDH slacks of the dominated unit.
MF = [["dea", "--data", path("metafrontier_slack_example.csv"), "--unit", "dmu", "--inputs", "x1,x2",
       "--outputs", "y", "--slacks", "--peers"] + extra for extra in (["--rts", "vrs"], ["--model", "fdh"])]
for args, what in zip(MF, ("VRS input", "FDH input")):
    g = run_keyed(args, "dmu", f"dea {what} --slacks on metafrontier's 4-unit example").get("D", {})
    ok = (g.get("status") == "ok" and abs(float(g["efficiency"]) - 1) <= 1e-12
          and abs(float(g["slack_x1"])) <= 1e-9 and abs(float(g["slack_x2"]) - 1) <= 1e-9)
    if what.startswith("FDH"):
        ok = ok and g.get("peers") == "A"
    report(ok, f"metafrontier's literals, {what}: unit (1, 5) scores 1 with input slacks (0, 1)"
           + (", peer (1, 4)" if what.startswith("FDH") else ""), g)
finish()
