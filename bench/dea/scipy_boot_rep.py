#!/usr/bin/python3
"""One Simar-Wilson replication scored by a per-unit scipy HiGHS loop (the
baseline for bench/dea/boot.sh): rebuilds replication 1's pseudo data from
nqpf's --boot-reps file (input orientation, VRS), scores every unit, prints
the seconds taken and the largest difference from nqpf's scores.
Usage: scipy_boot_rep.py DATA.csv MAIN.csv REPS.csv INPUTS OUTPUTS"""
import sys
import time

import numpy as np
import pandas as pd
from scipy.optimize import linprog

d = pd.read_csv(sys.argv[1])
main = pd.read_csv(sys.argv[2])
reps = pd.read_csv(sys.argv[3])
xs, ys = sys.argv[4].split(","), sys.argv[5].split(",")
X, Y = d[xs].to_numpy(), d[ys].to_numpy()
r1 = reps[reps["rep"] == 1].set_index("unit").loc[d["unit"]]
eff = main.set_index("unit").loc[d["unit"], "efficiency"].to_numpy()
Xs = X * (eff / r1["pseudo_efficiency"].to_numpy())[:, None]
n, m, s = len(d), len(xs), len(ys)
A = np.vstack([np.c_[np.zeros(m), Xs.T], np.c_[np.zeros(s), -Y.T]])
Aeq = np.r_[0, np.ones(n)].reshape(1, -1)
c = np.r_[1, np.zeros(n)]
got = np.empty(n)
t0 = time.time()
for o in range(n):
    A[:m, 0] = -X[o]
    r = linprog(c, A_ub=A, b_ub=np.r_[np.zeros(m), -Y[o]], A_eq=Aeq, b_eq=[1],
                bounds=[(None, None)] + [(0, None)] * n, method="highs")
    got[o] = r.fun
t = time.time() - t0
print("%.3f %.2e" % (t, np.abs(got - r1["efficiency"].to_numpy()).max()))
