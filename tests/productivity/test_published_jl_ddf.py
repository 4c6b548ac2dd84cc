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
with 9 to 11 decimals (tests/ref/published/jl_deaddf_fls_expected.csv).

Convention mapping: the package's beta is nqpf's efficiency column of
--model ddf (0 = on the frontier); each direction is given to nqpf as
columns of the data (--input-directions, --output-directions; the data file
adds a column of ones and one of zeros), and the two built-in directions
that match, --direction observed and --direction ones, are checked to give
the same numbers.  Compared at half a unit of each literal's last printed
digit, and to 1e-9 against the same LP written out here and solved by
scipy's HiGHS.  By hand: unit 10 (42, 25; 26) in direction ones under VRS
reaches unit 9 (37, 14; 31) at beta = 5 exactly (x1: 42 - 5 = 37 binds, y:
26 + 5 = 31 binds, so no larger beta with unit 9 alone; the HiGHS LP
confirms that no mix does better), the printed 5.000000000.
"""
import csv
import os
import sys

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import half_unit, path, read, run_keyed  # noqa: E402

DATA = path("jl_deaddf_fls.csv")
BASE = ["dea", "--data", DATA, "--unit", "dmu", "--inputs", "x1,x2", "--outputs", "y", "--model", "ddf"]
# Julia's direction name -> (nqpf input-direction columns, output-direction column, built-in --direction)
DIRECTIONS = {"obs": ("x1,x2", "y", "observed"), "ones": ("one,one", "one", "ones"),
              "onlyx": ("x1,x2", "zero", None), "onlyy": ("zero,zero", "y", None)}

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
    gx = {"obs": X[o], "ones": np.ones(2), "onlyx": X[o], "onlyy": np.zeros(2)}[name]
    gy = {"obs": Y[o], "ones": 1.0, "onlyx": 0.0, "onlyy": Y[o]}[name]
    return gx, gy


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
            if not abs(beta - float(r[col])) <= half_unit(r[col]):
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

vrs_ones = run_keyed(BASE + ["--rts", "vrs", "--direction", "ones"], "dmu", "dea --model ddf --rts vrs --direction ones")
report(abs(float(vrs_ones["10"]["efficiency"]) - 5.0) <= 1e-12,
       "ddf by hand: unit 10 in direction ones under VRS reaches unit 9 at beta = 5", vrs_ones.get("10"))
finish()
