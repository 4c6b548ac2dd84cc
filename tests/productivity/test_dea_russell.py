#!/usr/bin/python3
"""nqpf dea --model russell (input and output Russell measures) against
DataEnvelopmentAnalysis.jl's literals and scipy's HiGHS.

1. DataEnvelopmentAnalysis.jl, test/dearussell.jl (javierbarbero/
   DataEnvelopmentAnalysis.jl, MIT licence): its two oriented data sets and
   the scores it asserts — input Russell (8 units, 2 inputs; CRS and VRS;
   mean theta and each theta_i, here read off the targets plus slacks,
   theta_i x_i0) and output Russell (mean phi = nqpf's phi column, and each
   phi_r) — exact fractions, to 1e-9.
2. Randomised: ≥ 500 random problems (integer data with ties, zeros and
   duplicated units, 0-2 bad outputs) for input and output orientation ×
   every returns to scale against the LP written out in full and solved by
   scipy's HiGHS, to 1e-8, statuses too; targets = sum lambda data over the
   reported peers.  Not on data spread over seven orders of magnitude: there
   one factor per row makes a row with a tiny x_i0 or y_r0 sensitive to the
   solvers' absolute tolerances, and nqpf and HiGHS (which also reports
   numerical errors on ~0.6% of those LPs) differ by up to ~1e-6 — a known
   limitation (docs/productivity.md).
3. --super is refused cleanly.  (The graph measure, --orient none:
   test_dea_russell_graph.py.)
"""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import NQPF, TOL, compare_sample, gen_problem, new_stats, rts_rows, solve as hsolve, stack, \
    write_panel  # noqa: E402

rng = random.Random(20261207)
stats = new_stats()


def run_nqpf(path, m, s, q, rts, orient, extra=()):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
            ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s)),
            "--model", "russell", "--rts", rts, "--orient", orient, "--peers", "--targets", "--slacks"] + list(extra)
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q))]
    return subprocess.run(args, capture_output=True, text=True)


def rows_of(r):
    return list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else []


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(b))


# ---- 1. DataEnvelopmentAnalysis.jl test/dearussell.jl ---------------------------
with tempfile.TemporaryDirectory() as d:
    X = np.array([[2, 2], [1, 4], [4, 1], [4, 3], [5, 5], [6, 1], [2, 5], [1.6, 8]])
    Y = np.ones((8, 1))
    path = write_panel(d, X, Y, np.zeros((8, 0)))
    th = [[1, 1], [1, 1], [1, 1], [0.5, 2 / 3], [0.4, 0.4], [2 / 3, 1], [0.5, 0.8], [0.625, 0.5]]
    eff = [1, 1, 1, 7 / 12, 0.4, 5 / 6, 0.65, 0.5625]
    for rts in ("crs", "vrs"):
        rows = rows_of(run_nqpf(path, 2, 1, 0, rts, "in"))
        ok = len(rows) == 8 and all(close(float(r["efficiency"]), e) for r, e in zip(rows, eff))
        report(ok, "dearussell.jl input %s: mean theta" % rts, str([r["efficiency"] for r in rows]))
        if rts == "crs":
            got = [[(float(r["target_x%d" % i]) + float(r["slack_x%d" % i])) / X[j, i] for i in range(2)]
                   for j, r in enumerate(rows)]
            report(len(got) == 8 and all(close(a, b) for g, t in zip(got, th) for a, b in zip(g, t)),
                   "dearussell.jl input crs: theta_i", str(got))
    X = np.ones((8, 1))
    Y = np.array([[7, 7], [4, 8], [8, 4], [3, 5], [3, 3], [8, 2], [6, 4], [1.5, 5]])
    path = write_panel(d, X, Y, np.zeros((8, 0)))
    ph = [[1, 1], [1, 1], [1, 1], [7 / 3, 1.4], [7 / 3, 7 / 3], [1, 2], [7 / 6, 7 / 4], [46 / 9, 1]]
    phi = [1, 1, 1, 1.8666666666666665, 2.333333333333333, 1.5, 1.4583333333333335, 3.0555555555555554]
    for rts in ("crs", "vrs"):
        rows = rows_of(run_nqpf(path, 1, 2, 0, rts, "out"))
        ok = len(rows) == 8 and all(close(float(r["phi"]), e) and close(float(r["efficiency"]), 1 / e)
                                    for r, e in zip(rows, phi))
        report(ok, "dearussell.jl output %s: mean phi (phi column), efficiency 1/phi" % rts,
               str([r["phi"] for r in rows]))
        if rts == "crs":
            got = [[(float(r["target_y%d" % i]) - float(r["slack_y%d" % i])) / Y[j, i] for i in range(2)]
                   for j, r in enumerate(rows)]
            report(len(got) == 8 and all(close(a, b) for g, t in zip(got, ph) for a, b in zip(g, t)),
                   "dearussell.jl output crs: phi_r", str(got))


# ---- 2. random problems ---------------------------------------------------------
def oracle_oriented(cfg, x0, y0, b0, Xr, Yr, Br):
    """Input: min mean theta over [theta (m+q), lambda]; output: max mean phi
    over [phi (s), lambda].  A zero x_i0 (y_r0) keeps its factor at 1."""
    n = Xr.shape[0]
    ub, bu, eq, be = [], [], [], []
    V0, Vr = np.r_[x0, b0], np.hstack([Xr, Br])
    if cfg["orient"] == "in":
        k = len(V0)
        for i in range(k):  # sum l v_i - theta_i v_i0 <= 0
            t = np.zeros(k); t[i] = -V0[i]
            ub.append(np.r_[t, Vr[:, i]]); bu.append(0)
        for r in range(len(y0)):
            ub.append(np.r_[np.zeros(k), -Yr[:, r]]); bu.append(-y0[r])
        rts_rows(cfg["rts"], k, n, ub, bu, eq, be)
        bounds = [(0, 1) if v > 0 else (1, 1) for v in V0] + [(0, None)] * n
        st, f = hsolve(stats, np.r_[np.full(k, 1 / k), np.zeros(n)], ub, bu, eq, be, bounds)
        return st, f
    k = len(y0)
    for i in range(len(V0)):
        ub.append(np.r_[np.zeros(k), Vr[:, i]]); bu.append(V0[i])
    for r in range(k):  # phi_r y_r0 - sum l y_r <= 0
        t = np.zeros(k); t[r] = y0[r]
        ub.append(np.r_[t, -Yr[:, r]]); bu.append(0)
    rts_rows(cfg["rts"], k, n, ub, bu, eq, be)
    bounds = [(1, None) if v > 0 else (1, 1) for v in y0] + [(0, None)] * n
    st, f = hsolve(stats, np.r_[np.full(k, -1 / k), np.zeros(n)], ub, bu, eq, be, bounds)
    return st, (None if f is None else 1 / -f)


def run_config(cfg, n_prob):
    m, q = rng.randint(1, 3), cfg["q"]
    s = rng.randint(1, 4)
    X, Y, B, per = stack([gen_problem(rng, int(4 + 116 * rng.random() ** 4), m, s, q, wide_p=0.0, always=True)
                          for _ in range(n_prob)])
    stats["problems"] += n_prob
    with tempfile.TemporaryDirectory() as d:
        r = run_nqpf(write_panel(d, X, Y, B, per), m, s, q, cfg["rts"], cfg["orient"])
    if r.returncode != 0:
        report(False, cfg["name"], "nqpf failed: " + r.stderr)
        return
    out = {"X": X, "Y": Y, "B": B, "out": list(csv.DictReader(io.StringIO(r.stdout)))}
    # "infeasible" from HiGHS is no verdict: the unit itself (lambda_o = 1) is feasible
    bad = compare_sample(rng, out, per, n_prob,
                         lambda o, idx: oracle_oriented(cfg, X[o], Y[o], B[o], X[idx], Y[idx], B[idx]), stats,
                         cfg["name"], TOL, no_verdict=("infeasible",))
    report(not bad, "%s: %d problems agree" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for orient in ("in", "out"):
    for rts in ("crs", "vrs", "nirs", "ndrs"):
        c = {"orient": orient, "rts": rts, "q": rng.choice([0, 0, 1, 2])}
        c["name"] = "russell %s %s q=%d" % (rts, orient, c["q"])
        cfgs.append(c)
per_cfg = -(-520 // len(cfgs))
for cfg in cfgs:
    run_config(cfg, per_cfg)
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs)" % (stats["problems"], stats["lps"]))
report(len(stats["skipped"]) <= max(3, stats["lps"] // 200), "oracle gave no verdict rarely (%d of %d LPs)" %
       (len(stats["skipped"]), stats["lps"]), str(stats["skipped"][:10]))

with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]]), np.zeros((2, 0)))
    r = run_nqpf(path, 1, 1, 0, "vrs", "in", ("--super",))
    report(r.returncode != 0 and "no super-efficiency" in r.stderr and r.stdout == "" and
           r.stderr.startswith("nqpf: "), "refused: russell no super-efficiency", r.stderr)
finish()
