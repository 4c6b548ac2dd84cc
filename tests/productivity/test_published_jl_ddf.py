#!/usr/bin/python3
"""nqpf dea --model ddf with user directions against a peer's test literals:
DataEnvelopmentAnalysis.jl (github javierbarbero/DataEnvelopmentAnalysis.jl,
MIT licence, commit 03870bdc), test/deaddf.jl, "Test Directional DF DEA
Models with FLS Book data" ("Test against results with R"): the 11 units of
tests/ref/cases/productivity/fls11_radial (inputs x1, x2, output y), the
directional distance beta of max beta s.t. X l <= x_o - beta g_x,
Y l >= y_o + beta g_y, l >= 0 (VRS: sum l = 1), for four directions, each
under CRS and VRS: observed (g_x = x_o, g_y = y_o), ones, only inputs
(g_x = x_o, g_y = 0) and only outputs (g_x = 0, g_y = y_o) -- 88 literals
with 9 to 11 decimals (tests/ref/published/jl_deaddf_fls_expected.csv);
and from test/deaddfm.jl (commit afec1606, the directional multiplier model
on the same data) the betas of the mean direction (g = column means, nqpf's
--direction mean) and, for all eight directions above, the multipliers --
the shadow prices of the DDF dual, v (inputs), u (output) and, under VRS,
the free term its rts() returns (jl_deaddfm_fls_multipliers.csv).

Convention mapping: the package's beta is nqpf's efficiency column of
--model ddf (0 = on the frontier); each direction is given to nqpf as
columns of the data (--input-directions, --output-directions; the data file
adds a column of ones and one of zeros), and the two built-in directions
that match, --direction observed and --direction ones, are checked to give
the same numbers.  Compared at half a unit of each literal's last printed
digit, kept within [1e-9, 1e-5] (1e-5 is the tolerance the package
asserts, and a literal "0" would otherwise allow 0.5; below 1e-9 the
literal is exact), and to 1e-9 against the same LP written out here
and solved by scipy's HiGHS.

Multipliers: the dual of the LP above is min v.x_o - u.y_o (+ u0, VRS)
s.t. v.g_x + u.g_y = 1, v.x_j - u.y_j (+ u0) >= 0 for every unit j,
v, u >= 0, u0 free; the package's rts() is u0 with nqpf's sign (nqpf's
--weights columns v_x1, v_x2, u_y, u0).  A dual need not be unique (every
efficient unit has a fan of supporting prices, and the two programs pick
different vertices: unit 1's observed-direction prices are (0.0451, 0.0211;
0.0417) in the package and (0.1, 0; 0.0417) in nqpf, both optimal), so for
each unit the test first computes, with HiGHS, the range of every multiplier
over the optimal dual face; where every range is below 1e-6 (solver noise;
the non-unique ones span 1e-3 and more) the dual is unique and nqpf's
multipliers are compared with the package's literals (6 significant digits
for v, all printed digits for u and u0, at most 1e-9 where more are
printed); everywhere nqpf's multipliers are checked to be an optimal dual
(feasible to 1e-9, objective = beta to 1e-9).

By hand: unit 10 (42, 25; 26) in direction ones under VRS reaches unit 9
(37, 14; 31) at beta = 5 exactly (x1: 42 - 5 = 37 binds, y: 26 + 5 = 31
binds, so no larger beta with unit 9 alone; the HiGHS LP confirms that no
mix does better), the printed 5.000000000.
"""
import csv
import os
import sys

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import path, printed_tol, read, run_keyed  # noqa: E402

DATA = path("jl_deaddf_fls.csv")
BASE = ["dea", "--data", DATA, "--unit", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--model", "ddf"]
# Julia's direction name -> (nqpf input-direction columns, output-direction column, built-in --direction)
DIRECTIONS = {"obs": ("x1,x2", "y", "observed"), "ones": ("one,one", "one", "ones"),
              "onlyx": ("x1,x2", "zero", None), "onlyy": ("zero,zero", "y", None)}
WEIGHTS = ("v_x1", "v_x2", "u_y", "u0")

with open(DATA, newline="") as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r["x1"]), float(r["x2"])] for r in rows])
Y = np.array([float(r["y"]) for r in rows])
n = len(rows)


def highs_beta(o, gx, gy, rts):
    """max beta s.t. X'l + beta gx <= x_o, -Y'l + beta gy <= -y_o, l >= 0 (vrs: sum l = 1)."""
    c = np.r_[-1.0, np.zeros(n)]
    a_ub = np.vstack([np.r_[gx[0], X[:, 0]], np.r_[gx[1], X[:, 1]], np.r_[gy, -Y]])
    b_ub = np.r_[X[o], -Y[o]]
    a_eq, b_eq = (np.r_[0.0, np.ones(n)][None, :], [1.0]) if rts == "vrs" else (None, None)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(None, None)] + [(0, None)] * n,
                  method="highs")
    return -res.fun if res.status == 0 else float("nan")


def direction_vectors(name, o):
    gx = {"obs": X[o], "ones": np.ones(2), "onlyx": X[o], "onlyy": np.zeros(2),
          "mean": X.mean(axis=0)}[name]
    gy = {"obs": Y[o], "ones": 1.0, "onlyx": 0.0, "onlyy": Y[o], "mean": Y.mean()}[name]
    return gx, gy


def dual_rows(o, gx, gy, rts):
    """The dual's constraints over (v1, v2, u, u0): normalisation (=), one >= row per unit."""
    a_eq = np.array([[gx[0], gx[1], gy, 0.0]])
    a_ub = np.column_stack([-X[:, 0], -X[:, 1], Y, -np.ones(n) if rts == "vrs" else np.zeros(n)])
    cost = np.array([X[o, 0], X[o, 1], -Y[o], 1.0 if rts == "vrs" else 0.0])
    return a_eq, a_ub, cost


def dual_ranges(o, gx, gy, rts, beta):
    """min and max of each multiplier over the optimal dual face (objective within 1e-10 of beta)."""
    a_eq, a_ub, cost = dual_rows(o, gx, gy, rts)
    a_ub = np.vstack([a_ub, cost, -cost])
    b_ub = np.r_[np.zeros(n), beta + 1e-10, -beta + 1e-10]
    bounds = [(0, None)] * 3 + [(None, None) if rts == "vrs" else (0, 0)]
    out = []
    for k in range(4):
        ends = []
        for sign in (1.0, -1.0):
            res = linprog(sign * np.eye(4)[k], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds,
                          method="highs")
            ends.append(sign * res.fun if res.status == 0 else float("nan"))
        out.append(tuple(ends))
    return out


def optimal_dual(w, o, gx, gy, rts, beta):
    """nqpf's multipliers w = (v1, v2, u, u0) are feasible for the dual and attain beta (1e-9)."""
    a_eq, a_ub, cost = dual_rows(o, gx, gy, rts)
    return (min(w[:3]) >= -1e-12 and abs(a_eq[0] @ w - 1) <= 1e-9 and max(a_ub @ w) <= 1e-9
            and abs(cost @ w - beta) <= 1e-9 and (rts == "vrs" or w[3] == 0))


expected = read("jl_deaddf_fls_expected.csv")
for name, (incols, outcol, builtin) in DIRECTIONS.items():
    for rts in ("crs", "vrs"):
        col = f"{name}_{rts}"
        got = run_keyed(BASE + ["--rts", rts, "--input-directions", incols, "--output-directions", outcol],
                        "dmu", f"dea --model ddf --rts {rts}, direction {name} as columns")
        bad_print, bad_highs = [], []
        for r in expected:
            g = got.get(r["dmu"], {})
            beta = float(g["efficiency"]) if g.get("status") == "ok" else float("nan")
            if not abs(beta - float(r[col])) <= printed_tol(r[col]):
                bad_print.append((r["dmu"], beta, r[col]))
            gx, gy = direction_vectors(name, int(r["dmu"]) - 1)
            if not abs(beta - highs_beta(int(r["dmu"]) - 1, gx, gy, rts)) <= 1e-9:
                bad_highs.append((r["dmu"], beta))
        report(not bad_print, f"DataEnvelopmentAnalysis.jl deaddf {col}: 11 betas at the printed digits", bad_print)
        report(not bad_highs, f"ddf {col}: 11 betas = HiGHS on the same LP (1e-9)", bad_highs)
        if builtin:
            same = run_keyed(BASE + ["--rts", rts, "--direction", builtin], "dmu",
                             f"dea --model ddf --rts {rts} --direction {builtin}")
            diff = [k for k, g in got.items() if abs(float(g["efficiency"]) - float(same[k]["efficiency"])) > 1e-12]
            report(not diff, f"ddf {col}: --direction {builtin} = the same direction given as columns", diff)

# The mean direction (deaddfm.jl), nqpf's --direction mean.
for rts in ("crs", "vrs"):
    col = f"mean_{rts}"
    got = run_keyed(BASE + ["--rts", rts, "--direction", "mean"], "dmu",
                    f"dea --model ddf --rts {rts} --direction mean")
    bad = [(r["dmu"], got.get(r["dmu"])) for r in expected
           if not (abs(float(got[r["dmu"]]["efficiency"]) - float(r[col])) <= printed_tol(r[col]) and
                   abs(float(got[r["dmu"]]["efficiency"])
                       - highs_beta(int(r["dmu"]) - 1, *direction_vectors("mean", int(r["dmu"]) - 1), rts)) <= 1e-9)]
    report(not bad, f"DataEnvelopmentAnalysis.jl deaddfm {col}: 11 betas at the printed digits and = HiGHS (1e-9)", bad)

# The multipliers (deaddfm.jl): compared where the dual is unique, checked optimal everywhere.
literals = read("jl_deaddfm_fls_multipliers.csv")
for name, (incols, outcol, _) in DIRECTIONS.items():
    for rts in ("crs", "vrs"):
        variant = f"{name}_{rts}"
        got = run_keyed(BASE + ["--rts", rts, "--input-directions", incols, "--output-directions", outcol, "--weights"],
                        "dmu", f"dea --model ddf --rts {rts} --weights, direction {name}")
        unique, not_optimal, bad = 0, [], []
        for r in (lit for lit in literals if lit["variant"] == variant):
            o = int(r["dmu"]) - 1
            g = got.get(r["dmu"], {})
            w = np.array([float(g.get(c) or "nan") for c in WEIGHTS])
            gx, gy = direction_vectors(name, o)
            beta = float(g.get("efficiency") or "nan")
            if not optimal_dual(w, o, gx, gy, rts, beta):
                not_optimal.append((r["dmu"], g))
            if all(hi - lo <= 1e-6 for lo, hi in dual_ranges(o, gx, gy, rts, beta)):
                unique += 1
                for c, v in zip(WEIGHTS, w):
                    if r[c] and not abs(v - float(r[c])) <= printed_tol(r[c]):
                        bad.append((r["dmu"], c, v, r[c]))
        report(not not_optimal, f"ddf {variant} --weights: all 11 units' multipliers are an optimal dual (1e-9)",
               not_optimal)
        report(unique >= 1 and not bad, f"DataEnvelopmentAnalysis.jl deaddfm {variant}: the multipliers of the "
               f"{unique} units with a unique dual at the printed digits", bad or unique)

vrs_ones = run_keyed(BASE + ["--rts", "vrs", "--direction", "ones"], "dmu",
                     "dea --model ddf --rts vrs --direction ones")
report(abs(float(vrs_ones["10"]["efficiency"]) - 5.0) <= 1e-12,
       "ddf by hand: unit 10 in direction ones under VRS reaches unit 9 at beta = 5", vrs_ones.get("10"))
finish()
