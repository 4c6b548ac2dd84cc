"""Generate an SDM panel for bench/spreg: N units at random points in the unit
square, T periods, two regressors, W = row-standardised K nearest neighbours
(built by nqpf from the coordinates), y from the SDM reduced form with
rho = 0.4.  Usage: gen.py N T K OUT.csv"""
import sys

import numpy as np

n, t, k, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(20261204)
xy = rng.random((n, 2))
# kNN as nqpf builds it (Euclidean, ties by the lower index)
d2 = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1) if n <= 3000 else None
nb = np.argsort(d2 + np.diag(np.full(n, np.inf)), axis=1, kind="stable")[:, :k]
mu = rng.normal(size=n)
rows = []
for p in range(t):
    x1 = rng.normal(size=n) + 0.3 * mu
    x2 = rng.normal(size=n)
    wx1, wx2 = x1[nb].mean(1), x2[nb].mean(1)
    e = mu + 0.1 * p + 1.0 * x1 - 0.5 * x2 + 0.3 * wx1 + 0.2 * wx2 + rng.normal(size=n)
    y = e.copy()
    for _ in range(200):  # y = e + rho W y
        y = e + 0.4 * y[nb].mean(1)
    for i in range(n):
        rows.append("u%d,%d,%r,%r,%r,%r,%r" % (i, 2000 + p, xy[i, 0], xy[i, 1], y[i], x1[i], x2[i]))
with open(out, "w") as f:
    f.write("unit,year,cx,cy,y,x1,x2\n")
    f.write("\n".join(rows) + "\n")
