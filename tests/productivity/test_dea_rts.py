#!/usr/bin/python3
"""nqpf dea --rts-test B: the Simar-Wilson (2002) bootstrap test of
constant against variable returns to scale.

1. DataEnvelopmentAnalysis.jl's test/deartstest.jl (commit 8aa09f01): X =
   (2, 4, 3, 5, 6), Y = (1, 2, 3, 4, 5); input orientation S = 0.802947,
   h = 0.309757; output orientation S = 0.813093, h = 0.259230 (asserted
   there with atol 1e-5; S to its printed 6 decimals here, h to the
   package's 1e-5).  Its p-values and critical values come from its own
   random numbers (StableRNG) and are not comparable draw for draw.
2. The same S derived by hand: CRS theta = 1/2, 1/2, 1, 4/5, 5/6 (best
   ratio y/x = 1), VRS theta = 1, 5/8, 1, 9/10, 1, so S = (109/30) /
   (181/40) = 436/543 (1e-12).
3. S on 40 random data sets (1-3 inputs and outputs, ties, duplicates)
   against sum theta_CRS / sum theta_VRS from the radial LPs solved by
   HiGHS (1e-9), both orientations.
4. The bootstrap: p in [0, 1] over B scored replications; the same output
   for 1 and 2 threads and with --no-frame (column generation is exact);
   per-period rows; data generated under CRS are not rejected and data
   from y = sqrt(x) are (fixed seeds).
5. Refusals.
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dea_rand import gen_problem, solve as hsolve  # noqa: E402
from tap import finish, report  # noqa: E402

NQPF = os.environ.get("NQPF", "build/nqpf")
stats = {"lps": 0}


def write(d, X, Y, name="d.csv", per=None):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("id,t," + ",".join(["x%d" % i for i in range(X.shape[1])] + ["y%d" % i for i in range(Y.shape[1])]) +
                "\n")
        for j in range(X.shape[0]):
            f.write("u%d,%d," % (j, 0 if per is None else per[j]) + ",".join("%.17g" % v for v in np.r_[X[j], Y[j]]) +
                    "\n")
    return path


def rts(path, m, s, extra, env=None):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--inputs", ",".join("x%d" % i for i in range(m)),
            "--outputs", ",".join("y%d" % i for i in range(s))]
    return subprocess.run(args + extra, capture_output=True, text=True, env=env)


def rows(r):
    return list(csv.DictReader(io.StringIO(r.stdout)))


with tempfile.TemporaryDirectory() as d:
    X = np.array([[2.], [4], [3], [5], [6]])
    Y = np.array([[1.], [2], [3], [4], [5]])
    path = write(d, X, Y)
    # 1 and 2
    for orient, S, h in (("in", 0.802947, 0.309757), ("out", 0.813093, 0.259230)):
        r = rts(path, 1, 1, ["--rts-test", "200", "--orient", orient])
        got = rows(r)
        ok = r.returncode == 0 and len(got) == 1 and abs(float(got[0]["statistic"]) - S) <= 5e-7 and \
            abs(float(got[0]["bandwidth"]) - h) <= 1e-5
        report(ok, "DataEnvelopmentAnalysis.jl deartstest %s: S = %s, h = %s" % (orient, S, h), r.stdout + r.stderr)
    r = rts(path, 1, 1, ["--rts-test", "50"])
    exact = Fraction(109, 30) / Fraction(181, 40)
    report(exact == Fraction(436, 543) and abs(float(rows(r)[0]["statistic"]) - float(exact)) < 1e-12,
           "S = 436/543 by hand", r.stdout)

    # 3. the statistic against HiGHS
    rng = random.Random(20261205)

    def theta(X, Y, o, rts_, orient):
        n, m = X.shape
        s = Y.shape[1]
        ub, bu, eq, be = [], [], [], []
        for i in range(m):  # variables: score, l
            ub.append([-X[o, i] if orient == "in" else 0.0] + list(X[:, i])), bu.append(0.0 if orient == "in"
                                                                                       else X[o, i])
        for j in range(s):
            ub.append([Y[o, j] if orient == "out" else 0.0] + list(-Y[:, j])), bu.append(0.0 if orient == "out"
                                                                                        else -Y[o, j])
        if rts_ == "vrs":
            eq.append([0.0] + [1.0] * n), be.append(1.0)
        c = [1.0 if orient == "in" else -1.0] + [0.0] * n
        st, v = hsolve(stats, c, ub, bu, eq, be, [(None, None)] + [(0, None)] * n)
        return v if orient == "in" else 1.0 / -v

    bad = []
    for it in range(40):
        m, s = rng.randint(1, 3), rng.randint(1, 3)
        X, Y, _ = gen_problem(rng, rng.randint(5, 25), m, s, 0, always=True)
        p = write(d, X, Y)
        for orient in ("in", "out"):
            r = rts(p, m, s, ["--rts-test", "20", "--orient", orient, "--bandwidth", "0.1"])
            want = sum(theta(X, Y, o, "crs", orient) for o in range(len(X))) / \
                sum(theta(X, Y, o, "vrs", orient) for o in range(len(X)))
            got = rows(r)
            if r.returncode or not got or abs(float(got[0]["statistic"]) - want) > 1e-9 * want:
                bad.append((it, orient, r.stdout, r.stderr, want))
    report(not bad, "statistic of 40 random data sets x 2 orientations vs HiGHS (%d LPs)" % stats["lps"],
           repr(bad[:5]))

    # 4. the bootstrap
    r5 = random.Random(5)
    xs = [r5.uniform(1, 100) for _ in range(60)]
    Xv = np.array([[x] for x in xs])
    Yv = np.array([[x ** 0.5 * r5.uniform(0.6, 1)] for x in xs])
    Yc = np.array([[x * r5.uniform(0.6, 1)] for x in xs])
    pv, pc = write(d, Xv, Yv, "v.csv"), write(d, Xv, Yc, "c.csv")
    e1, e2 = dict(os.environ, OMP_NUM_THREADS="1"), dict(os.environ, OMP_NUM_THREADS="2")
    a = rts(pv, 1, 1, ["--rts-test", "300", "--seed", "7"], e1)
    b = rts(pv, 1, 1, ["--rts-test", "300", "--seed", "7"], e2)
    c = rts(pv, 1, 1, ["--rts-test", "300", "--seed", "7", "--no-frame"], e2)
    report(a.returncode == 0 and a.stdout == b.stdout == c.stdout, "1 vs 2 threads and --no-frame: identical output",
           a.stdout + b.stdout + c.stdout + a.stderr)
    ra, rc_ = rows(a)[0], rows(rts(pc, 1, 1, ["--rts-test", "300", "--seed", "7"]))[0]
    report(float(ra["p_value"]) < 0.05 and float(ra["statistic"]) < float(ra["critical_value"]) and
           float(rc_["p_value"]) > 0.05 and float(rc_["statistic"]) > float(rc_["critical_value"]) and
           ra["reps"] == "300", "y = sqrt(x) rejects crs (p %s), y = x u does not (p %s)" %
           (ra["p_value"], rc_["p_value"]), repr((ra, rc_)))
    per = np.repeat([0, 1, 2], 20)
    pp = write(d, Xv, Yc, "p.csv", per)
    r = rts(pp, 1, 1, ["--rts-test", "50", "--period", "t"])
    got = rows(r)
    report(r.returncode == 0 and [g["t"] for g in got] == ["0", "1", "2"] and
           all(0 <= float(g["p_value"]) <= 1 for g in got), "one test per period", r.stdout + r.stderr)

    # 5. refusals
    for extra, want in ((["--rts-test", "50", "--model", "sbm"], "--rts-test tests radial input or output efficiency"),
                        (["--rts-test", "50", "--bootstrap", "10"], "takes no --bootstrap"),
                        (["--rts-test", "50", "--period", "t", "--frontier", "pooled"], "--frontier contemporaneous"),
                        (["--rts-test", "1"], "B >= 2")):
        r = rts(pp, 1, 1, extra)
        report(r.returncode != 0 and want in r.stderr and not r.stdout, "refused: %s" % " ".join(extra), r.stderr)
finish()
