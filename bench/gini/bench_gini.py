#!/usr/bin/python3
"""Dagum Gini decomposition: nqpf (O(n log n)) vs the usual numpy port.

    /usr/bin/python3 bench/gini/bench_gini.py [N] [NQPF]

N observations (default 100000) in 4 groups.  The numpy version is the
common MATLAB-port double loop over group pairs, each pair vectorised as
numpy users write it: sum(abs(yj[:, None] - yh[None, :])); to keep memory
bounded, the rows of yj are taken in blocks (the arithmetic is the same).
Reports the wall times (best of 3 for nqpf, one run for numpy), the ratio,
and the largest difference between the two results.
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NQPF = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "build", "nqpf")
K = 4
BLOCK = 2000


def abs_sum(a, b):
    s = 0.0
    for i in range(0, len(a), BLOCK):
        s += np.abs(a[i:i + BLOCK, None] - b[None, :]).sum()
    return s


def dagum_numpy(y, g):
    n = len(y)
    mu = y.mean()
    groups = [y[g == j] for j in range(K)]
    nj = np.array([len(x) for x in groups], float)
    mj = np.array([x.mean() for x in groups])
    p = nj / n
    s = nj * mj / (n * mu)
    G = abs_sum(y, y) / (2 * n * n * mu)
    Gjh = np.zeros((K, K))
    Djh = np.zeros((K, K))
    for j in range(K):
        for h in range(K):
            yj, yh = groups[j], groups[h]
            if j == h:
                Gjh[j, j] = abs_sum(yj, yj) / (2 * nj[j] ** 2 * mj[j])
                continue
            Gjh[j, h] = abs_sum(yj, yh) / (nj[j] * nj[h] * (mj[j] + mj[h]))
            # d_jh, p_jh: first moments of the positive/negative differences
            d = 0.0
            pm = 0.0
            for i in range(0, len(yj), BLOCK):
                diff = yj[i:i + BLOCK, None] - yh[None, :]
                d += diff[diff > 0].sum()
                pm += -diff[diff < 0].sum()
            if mj[j] < mj[h]:
                d, pm = pm, d
            Djh[j, h] = (d - pm) / (d + pm)
    Gw = sum(Gjh[j, j] * p[j] * s[j] for j in range(K))
    Gnb = sum(Gjh[j, h] * (p[j] * s[h] + p[h] * s[j]) * Djh[j, h] for j in range(K) for h in range(j + 1, K))
    Gt = sum(Gjh[j, h] * (p[j] * s[h] + p[h] * s[j]) * (1 - Djh[j, h]) for j in range(K) for h in range(j + 1, K))
    return {"G": G, "Gw": Gw, "Gnb": Gnb, "Gt": Gt}


def main():
    rng = np.random.default_rng(12345)
    g = rng.integers(0, K, N)
    y = np.exp(0.6 * rng.standard_normal(N) + 0.25 * g)
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data.csv")
        with open(data, "w") as f:
            f.write("unit,group,value\n")
            for i in range(N):
                f.write("u%d,%d,%r\n" % (i, g[i], float(y[i])))
        y = np.loadtxt(data, delimiter=",", skiprows=1, usecols=2)  # same doubles as nqpf reads
        best = 1e300
        out = os.path.join(tmp, "gini.csv")
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([NQPF, "gini", "--data", data, "--unit", "unit", "--value", "value",
                            "--group", "group", "--out", out, "--force"], check=True)
            best = min(best, time.perf_counter() - t0)
        ours = {}
        with open(out) as f:
            next(f)
            for line in f:
                period, comp, g1, g2, v = line.rstrip("\n").split(",")
                if g1 == "" and comp in ("G", "Gw", "Gnb", "Gt"):
                    ours[comp] = float(v)
    t0 = time.perf_counter()
    ref = dagum_numpy(y, g)
    tn = time.perf_counter() - t0
    dev = max(abs(ours[c] - ref[c]) / abs(ref[c]) for c in ref)
    print("n=%d groups=%d" % (N, K))
    print("nqpf gini (CLI incl. CSV read/write, best of 3): %.3f s" % best)
    print("numpy O(n^2) per-pair implementation:            %.3f s" % tn)
    print("speed ratio numpy/nqpf: %.0fx" % (tn / best))
    print("max relative difference of G, Gw, Gnb, Gt: %.2e" % dev)
    print("G=%.15g Gw=%.15g Gnb=%.15g Gt=%.15g" % (ours["G"], ours["Gw"], ours["Gnb"], ours["Gt"]))


if __name__ == "__main__":
    main()
