#!/usr/bin/python3
"""nqpf dea --fixed (Banker-Morey non-discretionary variables) and --peel
(peel-the-onion) against a peer's test literals: pyDEA (github
araith/pyDEA, commit 15bbed45), on the 11 units of its example 2 (3 inputs,
2 outputs; tests/ref/cases/productivity/pydea_example2/data.csv).

1. tests/test_CRS_multi_output_oriented_model.py::
   _check_large_model_CRS_multi_output_oriented_with_non_discretionary: CRS,
   output orientation, output O1 non-discretionary (pyDEA's
   MultiplierModelOutputOrientedWithNonDiscVars, the multiplier form whose
   envelopment dual is Banker & Morey's: max phi s.t. X l <= x_o, Y_O1 l >=
   y_O1,o, Y_O2 l >= phi y_O2,o, l >= 0; efficiency 1/phi, as nqpf's --fixed O1
   --orient out).  pyDEA asserts its 10-digit literals against its own
   CBC/GLPK output; they carry that solver's error (E's 0.5294117616 is 9/17 =
   0.5294117647 to 3e-9; the largest gap to the LP optimum is 5.0e-9, J), so
   they are compared at 1e-8, and nqpf is compared to 1e-9 with the LP above
   written out here and solved by scipy's HiGHS, and E to 9/17 to 1e-12 (by
   hand: A alone, lambda_A = 1, uses no more of any input than E (I3 = 1
   binds) and gives O1 12 >= 8 and O2 34 = (17/9) 18; HiGHS confirms that
   this is the optimum).
2. tests/test_peel_the_onion.py: the peel-the-onion layers (Barr, Durchholz
   & Seiford 2000) of the CRS input-oriented model, [1, 3, 2, 1, 3, 1, 1, 2,
   1, 2, 1] for A-K, and the same layers for the output-oriented model with
   O1 non-discretionary (test_peel_the_onion_CRS_multi_output_oriented).
   Layers are integers: compared exactly.
"""
import csv
import os
import sys

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import REF, read, run_keyed  # noqa: E402

DATA = os.path.join(REF, "cases", "productivity", "pydea_example2", "data.csv")
BASE = ["dea", "--data", DATA, "--unit", "dmu", "--inputs", "I1,I2,I3", "--outputs", "O1,O2"]
FIXED_OUT = ["--fixed", "O1", "--orient", "out"]


def run(extra):
    return run_keyed(BASE + extra, "dmu", f"dea {' '.join(extra)} on pyDEA's example 2")


with open(DATA, newline="") as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r[c]) for c in ("I1", "I2", "I3")] for r in rows])
Y = np.array([[float(r[c]) for c in ("O1", "O2")] for r in rows])
expected = read("pydea_example2_expected.csv")


def banker_morey_phi(o):
    """max phi s.t. X l <= x_o, Y_O1 l >= y_O1,o (fixed), Y_O2 l >= phi y_O2,o, l >= 0."""
    n = len(rows)
    c = np.r_[-1.0, np.zeros(n)]
    a_ub = np.vstack([np.hstack([np.zeros((3, 1)), X.T]),
                      np.r_[0.0, -Y[:, 0]][None, :],
                      np.r_[Y[o, 1], -Y[:, 1]][None, :]])
    b_ub = np.r_[X[o], -Y[o, 0], 0.0]
    return -linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=[(None, None)] + [(0, None)] * n, method="highs").fun


# 1. Banker-Morey, O1 fixed, output orientation.
got = run(FIXED_OUT)
for e in expected:
    g = got.get(e["dmu"], {})
    v = float(g["efficiency"]) if g.get("status") == "ok" else float("nan")
    oracle = 1.0 / banker_morey_phi([r["dmu"] for r in rows].index(e["dmu"]))
    report(abs(v - float(e["fixed_o1_out_score"])) <= 1e-8 and abs(v - oracle) <= 1e-9,
           f"pyDEA non-discretionary O1, output CRS: {e['dmu']} = pyDEA's {e['fixed_o1_out_score']} (1e-8), "
           f"HiGHS {oracle:.10f} (1e-9)", g)
report(abs(float(got["E"]["efficiency"]) - 9 / 17) <= 1e-12, "pyDEA non-discretionary O1: E = 9/17", got["E"])

# 2. Peel-the-onion layers.
for name, extra, col in (("CRS input", [], "layer_crs_in"),
                         ("CRS output, O1 non-discretionary", FIXED_OUT, "layer_fixed_o1_out")):
    got = run(extra + ["--peel"])
    have = [got.get(e["dmu"], {}).get("layer") for e in expected]
    want = [e[col] for e in expected]
    report(have == want, f"pyDEA peel-the-onion, {name}: layers {' '.join(want)}", f"nqpf {have}")
finish()
