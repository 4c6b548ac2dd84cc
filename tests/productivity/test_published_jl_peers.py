#!/usr/bin/python3
"""nqpf dea --peers (radial CRS, input orientation) against a peer's test
literals: DataEnvelopmentAnalysis.jl (github javierbarbero/
DataEnvelopmentAnalysis.jl, MIT licence, commit 0708cd97), test/peers.jl
("Test agains results in R"), on the FLS 11-unit data of
tests/ref/cases/productivity/fls11_radial: the full peer matrix (9 to 11
decimals), unit 2's two peers at full precision (D = unit 4 with
0.424978317432784, G = unit 7 with 0.10928013876843023) and the row sums of
the matrix (tests/ref/published/jl_peers_fls_expected.csv, one row per unit
and peer).  The package's default runs the max-slack second stage, as
nqpf's --slacks does; the lambdas are the same with and without it here,
and both runs are compared.

Lambdas need not be unique: unit 11 (5, 17; 12) is weakly efficient, and
the package keeps it as its own peer (lambda_11 = 1) where nqpf names unit 1
(5, 13; 12), which dominates it -- both optimal.  So the test first checks,
with HiGHS, that a unit's lambdas are the same over the whole optimal face
(true for the other 10 units) and compares only those; unit 11 is covered
by the row sums (1 either way) and the optimality check.

Compared at half a unit of each literal's last printed digit (kept within
[1e-9, 1e-5], published.printed_tol), and every unit's peers and lambdas are checked to be an optimal
envelopment solution: X l <= theta x_o and Y l >= y_o to 1e-9 with
nqpf's theta, which scipy's HiGHS confirms is the optimum (1e-9).  By hand,
unit 10 (42, 25; 26): units 4 (17, 15; 26) and 7 (25, 10; 27) add up to
(42, 25; 53), so 26/53 of each gives 26/53 of unit 10's inputs and exactly
its output: theta = 26/53 = 0.490566 with both lambdas 26/53, as printed.
"""
import os
import sys

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import path, printed_tol, read, run_keyed  # noqa: E402

DATA = path("jl_deaddf_fls.csv")
BASE = ["dea", "--data", DATA, "--unit", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--peers"]

rows = read("jl_deaddf_fls.csv")
X = np.array([[float(r["x1"]), float(r["x2"])] for r in rows])
Y = np.array([float(r["y"]) for r in rows])
n = len(rows)
expected = read("jl_peers_fls_expected.csv")


def lambda_unique(o, theta):
    """Whether every lambda is the same over the optimal face {X'l <= theta x_o, Y'l >= y_o, l >= 0}."""
    a_ub = np.vstack([X.T, -Y[None, :]])
    b_ub = np.r_[theta * X[o] + 1e-10, -Y[o] + 1e-10]
    for j in range(n):
        ends = [linprog(sign * np.eye(n)[j], A_ub=a_ub, b_ub=b_ub, bounds=[(0, None)] * n, method="highs")
                for sign in (1.0, -1.0)]
        if any(e.status != 0 for e in ends) or ends[0].fun + ends[1].fun < -1e-6:
            return False
    return True


def highs_theta(o):
    """min theta s.t. X'l <= theta x_o, Y'l >= y_o, l >= 0."""
    c = np.r_[1.0, np.zeros(n)]
    a_ub = np.vstack([np.r_[-X[o, 0], X[:, 0]], np.r_[-X[o, 1], X[:, 1]], np.r_[0.0, -Y]])
    res = linprog(c, A_ub=a_ub, b_ub=[0.0, 0.0, -Y[o]], bounds=[(None, None)] + [(0, None)] * n, method="highs")
    return res.fun if res.status == 0 else float("nan")


for extra, what in (([], "radial crs in"), (["--slacks"], "radial crs in with the max-slack stage")):
    got = run_keyed(BASE + extra, "dmu", f"dea --peers ({what}) on the FLS data")
    lam = {k: dict(zip(g["peers"].split(";"), map(float, g["lambdas"].split(";")))) for k, g in got.items()}
    unique = {r["dmu"] for r in expected if lambda_unique(int(r["dmu"]) - 1, highs_theta(int(r["dmu"]) - 1))}
    got_lambda = {(r["dmu"], r["peer"]): lam.get(r["dmu"], {}).get(r["peer"], float("nan")) for r in expected}
    bad = [(r["dmu"], r["peer"], got_lambda[r["dmu"], r["peer"]], r["lambda"]) for r in expected
           if r["dmu"] in unique
           and not abs(got_lambda[r["dmu"], r["peer"]] - float(r["lambda"])) <= printed_tol(r["lambda"])]
    extra_peers = [(k, sorted(v)) for k, v in lam.items()
                   if k in unique and set(v) != {r["peer"] for r in expected if r["dmu"] == k}]
    report(len(unique) == 10 and not bad and not extra_peers,
           f"DataEnvelopmentAnalysis.jl peers.jl: the peers and lambdas of the {len(unique)} units whose "
           f"lambdas are unique, at the printed digits ({what})", bad or extra_peers)
    sums = {r["dmu"]: r["row_sum"] for r in expected if r["row_sum"]}
    bad_sum = [(k, sum(lam[k].values()), s) for k, s in sums.items()
               if not abs(sum(lam[k].values()) - float(s)) <= 1e-9]
    report(len(sums) == n and not bad_sum, f"peers.jl: the 11 row sums of the peer matrix to 1e-9 ({what})", bad_sum)
    not_opt = []
    for k, g in got.items():
        o = int(k) - 1
        theta = float(g["efficiency"])
        l = np.zeros(n)
        for p, v in lam[k].items():
            l[int(p) - 1] = v
        feasible = (X.T @ l <= theta * X[o] + 1e-9).all() and Y @ l >= Y[o] - 1e-9
        if not feasible or abs(theta - highs_theta(o)) > 1e-9:
            not_opt.append((k, g))
    report(not not_opt, f"nqpf's peers and lambdas attain its theta, the HiGHS optimum ({what})", not_opt)

got = run_keyed(BASE, "dmu", "dea --peers on the FLS data (unit 10 by hand)")
report(abs(float(got["10"]["efficiency"]) - 26 / 53) <= 1e-12
       and all(abs(float(v) - 26 / 53) <= 1e-12 for v in got["10"]["lambdas"].split(";")),
       "peers by hand: unit 10 = 26/53 (unit 4 + unit 7), theta = 26/53", got.get("10"))
finish()
