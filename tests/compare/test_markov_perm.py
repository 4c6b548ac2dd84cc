#!/usr/bin/python3
"""nqpf markov --spatial --permutations: the random-permutation p-value of the
homogeneity statistic x2 as giddy's Spatial_Markov defines x2_rpvalue (the
rows of y relocated at random, the lag classes recomputed from the relocated
values, the units' own classes kept; p = (#{x2* >= x2} + 1)/(N + 1)).

giddy draws the permutations from numpy's generator, nqpf from its own
seeded streams, so the p-values are compared by distribution: on 6 units
every one of the 6! = 720 relocations is enumerated in numpy (giddy's
algorithm written out), which gives the exact permutation probability p0;
nqpf's count of exceedances over N random relocations is Binomial(N, p0),
so its p must lie within 5 standard deviations of (N p0 + 1)/(N + 1).
Also: x2 itself against numpy to 1e-12, the same seed giving the same p,
and --permutations without --spatial refused."""
import csv
import io
import itertools
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", os.path.join(os.getcwd(), "build", "nqpf"))
tmp = tempfile.mkdtemp(prefix="nqpf_mperm_")

n, T = 6, 7
edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0), (0, 3)]
cuts = np.array([0.8, 1.1])
k = len(cuts) + 1
W = np.zeros((n, n))
for a, b in edges:
    W[a, b] = W[b, a] = 1
W /= W.sum(axis=1, keepdims=True)  # row-standardised, nqpf's default style

rng = np.random.default_rng(1616)
# a persistent series with a spatial pattern, so x2 is not trivially 0
y = np.empty((n, T))
y[:, 0] = rng.uniform(0.6, 1.4, n)
for t in range(1, T):
    y[:, t] = 0.6 * y[:, t - 1] + 0.4 * (W @ y[:, t - 1]) + rng.normal(0, 0.12, n)

cls = np.searchsorted(cuts, y, side="left")  # a value equal to a cut is in the lower class


def chi2(t1, t2):
    """giddy chi2(T1, T2): T1's row totals spread over T2's probabilities."""
    rs1, rs2 = t1.sum(axis=1), t2.sum(axis=1)
    p = t2 / np.where(rs2 > 0, rs2, 1)[:, None]
    e = rs1[:, None] * p
    return (((t1 - e) ** 2) / np.where(e == 0, 1, e)).sum()


pooled = np.zeros((k, k))
for s in range(n):
    for t in range(T - 1):
        pooled[cls[s, t], cls[s, t + 1]] += 1


def x2_of(yy):
    lag_cls = np.searchsorted(cuts, W @ yy, side="left")
    tt = np.zeros((k, k, k))
    for s in range(n):
        for t in range(T - 1):
            tt[lag_cls[s, t], cls[s, t], cls[s, t + 1]] += 1
    return sum(chi2(tt[l], pooled) for l in range(k))


x2_obs = x2_of(y)
all_x2 = np.array([x2_of(y[list(perm)]) for perm in itertools.permutations(range(n))])
p0 = float(np.mean(all_x2 >= x2_obs * (1 - 1e-12)))

data = os.path.join(tmp, "panel.csv")
with open(data, "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["id", "year", "v"])
    for s in range(n):
        for t in range(T):
            wr.writerow([s + 1, 2000 + t, repr(float(y[s, t]))])
wfile = os.path.join(tmp, "edges.csv")
with open(wfile, "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["from", "to", "weight"])
    for a, b in edges:
        wr.writerow([a + 1, b + 1, 1])
        wr.writerow([b + 1, a + 1, 1])


def run(extra):
    p = subprocess.run([NQPF, "markov", "--data", data, "--unit", "id", "--period", "year", "--value", "v", "--cuts",
                        "0.8,1.1", "--weights", wfile, "--out", "-"] + extra, capture_output=True, text=True)
    rows = {r["table"]: float(r["value"]) for r in csv.DictReader(io.StringIO(p.stdout))
            if r["lag_class"] == "" and r["table"] in ("x2", "x2_perm_p", "x2_permutations")} if p.returncode == 0 else {}
    return p, rows


N = 4000
p, rows = run(["--spatial", "--permutations", str(N), "--seed", "16"])
if p.returncode:
    report(False, "spatial markov with permutations runs", p.stderr)
else:
    report(abs(rows["x2"] - x2_obs) <= 1e-12 * x2_obs, "x2 = numpy (giddy chi2 summed over lag classes)",
           (rows["x2"], x2_obs))
    report(rows["x2_permutations"] == N, "x2_permutations row = N")
    want = (N * p0 + 1) / (N + 1)
    sd = np.sqrt(max(p0 * (1 - p0), 1.0 / N) / N)
    report(0 < p0 < 1 and abs(rows["x2_perm_p"] - want) <= 5 * sd,
           "x2_perm_p within 5 sd of the exact permutation probability over all 720 relocations",
           "nqpf %r, exact p0 %r (sd %r)" % (rows["x2_perm_p"], p0, sd))
    c = rows["x2_perm_p"] * (N + 1) - 1
    report(abs(c - round(c)) < 1e-6, "x2_perm_p is (count + 1)/(N + 1)", c)
    p2, rows2 = run(["--spatial", "--permutations", str(N), "--seed", "16"])
    report(p2.returncode == 0 and rows2 == rows, "the same seed gives the same p")
p, _ = run(["--permutations", "9"])
report(p.returncode != 0 and "--spatial" in p.stderr and p.stderr.startswith("nqpf: "),
       "--permutations without --spatial is refused", p.stderr)
finish()
