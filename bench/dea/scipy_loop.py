#!/usr/bin/python3
"""Per-unit DEA loop with scipy HiGHS (the second baseline).
Usage: scipy_loop.py DATA.csv MODEL OUT.csv  (MODEL = vrs_in | sbm_vrs_bad)"""
import sys
import time

import numpy as np
import pandas as pd
from scipy.optimize import linprog

d = pd.read_csv(sys.argv[1])
X = d[["x1", "x2", "x3"]].to_numpy(); Y = d[["y1", "y2"]].to_numpy(); B = d[["b1"]].to_numpy()
n = len(d); eff = np.empty(n)
t0 = time.time()
if sys.argv[2] == "vrs_in":
    A = np.vstack([np.c_[np.zeros(3), X.T], np.c_[np.zeros(2), -Y.T]])
    Aeq = np.r_[0, np.ones(n)].reshape(1, -1)
    c = np.r_[1, np.zeros(n)]
    for o in range(n):
        A[:3, 0] = -X[o]
        r = linprog(c, A_ub=A, b_ub=np.r_[0, 0, 0, -Y[o]], A_eq=Aeq, b_eq=[1],
                    bounds=[(None, None)] + [(0, None)] * n, method="highs")
        eff[o] = r.fun
else:
    Aeq = np.vstack([np.r_[1, np.zeros(6), np.zeros(n)],
                     np.c_[np.zeros(3), np.eye(3), np.zeros((3, 3)), X.T],
                     np.c_[np.zeros(1), np.zeros((1, 3)), np.ones((1, 1)), np.zeros((1, 2)), B.T],
                     np.c_[np.zeros(2), np.zeros((2, 4)), -np.eye(2), Y.T],
                     np.r_[-1, np.zeros(6), np.ones(n)]])
    for o in range(n):
        Aeq[0, 4:7] = np.r_[1 / (3 * B[o, 0]), 1 / (3 * Y[o])]
        Aeq[1:4, 0] = -X[o]; Aeq[4, 0] = -B[o, 0]; Aeq[5:7, 0] = -Y[o]
        c = np.r_[1, -1 / (3 * X[o]), 0, 0, 0, np.zeros(n)]
        r = linprog(c, A_eq=Aeq, b_eq=np.r_[1, np.zeros(7)], bounds=[(0, None)] * (7 + n), method="highs")
        eff[o] = r.fun
el = time.time() - t0
pd.DataFrame({"unit": d["unit"], "efficiency": eff}).to_csv(sys.argv[3], index=False)
print("%.3f" % el)
