#!/usr/bin/python3
"""Generate a DEA benchmark data set: n units, 3 inputs, 2 outputs, 1
undesirable output, from a Cobb-Douglas technology with half-normal
inefficiency (fixed seed).  Usage: gen.py N OUT.csv"""
import sys

import numpy as np

n = int(sys.argv[1])
rng = np.random.default_rng(12345 + n)
X = rng.uniform(10, 100, size=(n, 3))
u = np.abs(rng.normal(0, 0.3, size=n))
core = X[:, 0] ** 0.3 * X[:, 1] ** 0.3 * X[:, 2] ** 0.3 * np.exp(-u)
share = rng.uniform(0.3, 0.7, size=n)
Y = np.c_[core * share, core * (1 - share)] * 10
Bd = (X[:, 2] * rng.uniform(0.6, 1.4, size=n)).reshape(-1, 1)
with open(sys.argv[2], "w") as f:
    f.write("unit,x1,x2,x3,y1,y2,b1\n")
    for j in range(n):
        f.write("u%d,%s\n" % (j, ",".join("%.6f" % v for v in np.r_[X[j], Y[j], Bd[j]])))
