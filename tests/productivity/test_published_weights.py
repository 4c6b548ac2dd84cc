#!/usr/bin/python3
"""nqpf dea --weights --slacks --peers against a printed LP solution with its
shadow prices: M. Trick's DEA notes (Carnegie Mellon, Tepper School,
mat.tepper.cmu.edu/classes/mstc/dea/node4.html, "Examples"): 3 units, inputs
(5,14) (8,15) (7,12), outputs (9,4,16) (5,7,10) (4,9,13), the input-oriented
CRS envelopment LP of each unit written out and solved by LINDO, whose
printout gives THETA, the lambdas, every row's slack and its dual price.

Mapping: the LP's rows 2-3 are the inputs (theta x_o - X l >= 0 written as
X l - theta x_o <= 0), rows 4-6 the outputs (Y l >= y_o).  Their dual prices
are the multiplier weights, the shadow prices of the inputs and outputs (v,
u of the multiplier form, v.x_o = 1): LINDO prints a dual price as the gain
in a minimised objective per unit of right-hand side, so a >= row's price is
-u (hence factor -1 in the CSV).  Row slacks are nqpf's slack columns.

Unit 2 is the comparison that means something: its solution is unique, so
any correct solver must print these numbers.  By hand: the weights are v =
(0, 1/15), u = (2/25, 4/75, 0) with u.y_2 = 58/75 = theta (0.773333); they
are strictly complementary to lambda_1 = 17/65, lambda_3 = 43/65 (outputs 1
and 2 bind: 9 l1 + 4 l3 = 5, 4 l1 + 9 l3 = 7), lambda_2 = 0 (its reduced
cost u.y_2 - v.x_2 < 0), input-1 excess 8 theta - (5 l1 + 7 l3) = 242/975 =
0.248205, output-3 surplus 831/65 - 10 = 181/65 = 2.784615.  scipy's HiGHS
confirms (below) that each weight's minimum and maximum over the optimal
face of unit 2's multiplier LP coincide.
Units 1 and 3 are efficient (theta = 1, their own peer); their weights are
not unique (LINDO prints one optimal vertex, nqpf may print another), so
only the score and lambda are compared there.  Everything to half a unit of
the printed sixth decimal.
"""
import os
import sys

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from published import half_unit, path, read, run_keyed  # noqa: E402

got = run_keyed(["dea", "--data", path("trick_dea_example.csv"), "--unit", "dmu", "--inputs", "x1,x2",
                 "--outputs", "y1,y2,y3", "--weights", "--slacks", "--peers"], "dmu",
                "dea --weights --slacks --peers on Trick's 3-unit example")


def value(row, column):
    """nqpf's number for a printed quantity; lambda_K from the peers list (0 when K is no peer)."""
    if column.startswith("lambda_"):
        lam = dict(zip(row["peers"].split(";"), row["lambdas"].split(";")))
        return float(lam.get(column[len("lambda_"):], 0.0))
    return float(row[column])


for r in read("trick_dea_example_printed.csv"):
    g = got.get(r["dmu"])
    v = value(g, r["column"]) if g else float("nan")
    want = float(r["factor"]) * float(r["printed"])
    report(abs(v - want) <= half_unit(r["printed"]) + 1e-12,
           f"Trick's example, unit {r['dmu']}: {r['lindo']} printed {r['printed']} = nqpf {r['column']}"
           f"{' x -1' if r['factor'] == '-1' else ''}", g)

# Unit 2's weights are unique: over the optimal face of the multiplier LP
# (max u.y_2 s.t. v.x_2 = 1, u.y_j - v.x_j <= 0, v, u >= 0) every weight's
# minimum equals its maximum.
X = np.array([[5, 14], [8, 15], [7, 12]], float)
Y = np.array([[9, 4, 16], [5, 7, 10], [4, 9, 13]], float)
a_ub = np.hstack([-X, Y])
norm = np.r_[X[1], np.zeros(3)]
best = linprog(-np.r_[np.zeros(2), Y[1]], A_ub=a_ub, b_ub=np.zeros(3), A_eq=[norm], b_eq=[1], method="highs")
face = [norm, np.r_[np.zeros(2), Y[1]]]
spans = []
for k in range(5):
    c = np.zeros(5)
    c[k] = 1
    lo = linprog(c, A_ub=a_ub, b_ub=np.zeros(3), A_eq=face, b_eq=[1, -best.fun], method="highs").fun
    hi = -linprog(-c, A_ub=a_ub, b_ub=np.zeros(3), A_eq=face, b_eq=[1, -best.fun], method="highs").fun
    spans.append(hi - lo)
report(best.status == 0 and abs(-best.fun - 58 / 75) <= 1e-12 and max(spans) <= 1e-9,
       "Trick's example, unit 2: theta = 58/75 and its weights are unique (so the printed ones are the only answer)",
       spans)
finish()
