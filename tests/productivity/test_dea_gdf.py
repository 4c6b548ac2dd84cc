#!/usr/bin/python3
"""nqpf dea --model gdf (generalized distance function, --alpha) against
DataEnvelopmentAnalysis.jl's literals, the closed form under CRS and
scipy's HiGHS.

1. DataEnvelopmentAnalysis.jl, test/deagdf.jl and the docstring of
   src/deagdf.jl (javierbarbero/DataEnvelopmentAnalysis.jl, MIT licence):
   Zofío & Prieto (2006) data (5 units, 2 inputs, 2 outputs): alpha 0.5 CRS
   equals the input CCR score; alpha 0.5 VRS [0.68185, 1, 1, 0.25, 0.36] and
   the slacks X [0.605935 0; 0 0; 0 0; 0 0; 0.2 3.4], Y [0 4.67865; ...;
   3.0 0]; the 8-unit one-input set, alpha 0.7 VRS [1 1 1 1 0.423216
   0.69836 1 0.2315] with slacks X [0 0 0 0 0 0.570479 2.0 0], and alpha
   0.5 VRS [1 1 1 1 0.410097 0.634489 1 0.20504]; the two 8-unit sets of
   dearussell.jl under VRS: every unit 1.  Each to the literal's printed
   precision (the Julia package solves with Ipopt); 0.25, 0.36 and 1 are
   exact (to 1e-12).
2. Randomised: ≥ 500 random problems (integer data with ties, zeros,
   duplicated units, 0-1 bad outputs; alpha 0, 0.3, 0.5, 0.8; CRS and VRS).
   CRS: eff = the input CCR score of HiGHS's LP, to 1e-9.  VRS (no closed
   form): a certificate from HiGHS — the radial input LP of the point
   (delta^(1-a) (x0, b0), y0 / delta^a) has score <= 1 at delta (1 + 1e-8)
   and is infeasible or scores > 1 at delta (1 - 1e-8), i.e. nqpf's delta
   is the least feasible one to 1e-8; statuses as the radial score at
   delta = 1; targets = sum lambda data over the reported peers.
3. Refused cleanly: --orient out, --super, --alpha outside [0, 1].
"""
import csv
import io
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, report  # noqa: E402
from dea_rand import NQPF, check_targets, new_stats, radial, run_random, write_panel  # noqa: E402

EPS = 1e-8  # the certificate's step either side of delta
rng = random.Random(20261206)
stats = new_stats()


def run_nqpf(path, m, s, q, rts, alpha, extra=("--slacks",)):
    args = [NQPF, "dea", "--data", path, "--unit", "id", "--period", "t", "--inputs",
            ",".join("x%d" % i for i in range(m)), "--outputs", ",".join("y%d" % i for i in range(s)),
            "--model", "gdf", "--rts", rts, "--alpha", repr(alpha)] + list(extra)
    if q:
        args += ["--undesirable", ",".join("b%d" % i for i in range(q))]
    return subprocess.run(args, capture_output=True, text=True)


def rows_of(r):
    return list(csv.DictReader(io.StringIO(r.stdout))) if r.returncode == 0 else []


def near(got, want, tol):
    return len(got) == len(want) and all(abs(g - w) <= tol for g, w in zip(got, want))


def col(rows, name):
    return [float(r[name]) for r in rows]


# ---- 1. DataEnvelopmentAnalysis.jl --------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    X = np.array([[5, 3], [2, 4], [4, 2], [4, 8], [7, 9]], dtype=float)
    Y = np.array([[7, 4], [10, 8], [8, 10], [5, 4], [3, 6]], dtype=float)
    path = write_panel(d, X, Y, np.zeros((5, 0)))
    crs = rows_of(run_nqpf(path, 2, 2, 0, "crs", 0.5))
    ccr = [radial(stats, {"orient": "in", "rts": "crs"}, X[o], Y[o], np.zeros(0), X, Y, np.zeros((5, 0)))[1]
           for o in range(5)]
    report(near(col(crs, "efficiency"), ccr, 1e-9), "deagdf.jl: alpha 0.5 crs = input CCR", str(crs))
    vrs = rows_of(run_nqpf(path, 2, 2, 0, "vrs", 0.5))
    eff = col(vrs, "efficiency")
    report(near(eff, [0.68185, 1, 1, 0.25, 0.36], 5e-6) and near(eff[1:], [1, 1, 0.25, 0.36], 1e-12),
           "deagdf.jl: alpha 0.5 vrs efficiency", str(eff))
    sx = [[float(r["slack_x%d" % i]) for i in range(2)] for r in vrs]
    sy = [[float(r["slack_y%d" % i]) for i in range(2)] for r in vrs]
    report(near(sum(sx, []), [0.605935, 0, 0, 0, 0, 0, 0, 0, 0.2, 3.4], 1e-5) and
           near(sum(sy, []), [0, 4.67865, 0, 0, 0, 0, 0, 0, 3.0, 0], 1e-5), "deagdf.jl: alpha 0.5 vrs slacks",
           "%s %s" % (sx, sy))
    X1 = np.array([[2], [4], [8], [12], [6], [14], [14], [9.412]])
    Y1 = np.array([[1], [5], [8], [9], [3], [7], [9], [2.353]])
    path = write_panel(d, X1, Y1, np.zeros((8, 0)))
    rows = rows_of(run_nqpf(path, 1, 1, 0, "vrs", 0.7))
    report(near(col(rows, "efficiency"), [1, 1, 1, 1, 0.423216, 0.69836, 1, 0.2315], 1e-4) and
           near(col(rows, "slack_x0"), [0, 0, 0, 0, 0, 0.570479, 2.0, 0], 1e-5) and
           near(col(rows, "slack_y0"), [0] * 8, 1e-6), "deagdf.jl: alpha 0.7 vrs, one input", str(rows))
    rows = rows_of(run_nqpf(path, 1, 1, 0, "vrs", 0.5))
    report(near(col(rows, "efficiency"), [1, 1, 1, 1, 0.410097, 0.634489, 1, 0.20504], 1e-5),
           "deagdf.jl: alpha 0.5 vrs, one input", str([r["efficiency"] for r in rows]))
    for Xa, Ya in (([[2, 2], [1, 4], [4, 1], [4, 3], [5, 5], [6, 1], [2, 5], [1.6, 8]], [[1]] * 8),
                   ([[1]] * 8, [[7, 7], [4, 8], [8, 4], [3, 5], [3, 3], [8, 2], [6, 4], [1.5, 5]])):
        Xa, Ya = np.array(Xa, dtype=float), np.array(Ya, dtype=float)
        rows = rows_of(run_nqpf(write_panel(d, Xa, Ya, np.zeros((8, 0))), Xa.shape[1], Ya.shape[1], 0, "vrs", 0.5))
        report(near(col(rows, "efficiency"), [1] * 8, 1e-12),
               "deagdf.jl: %d inputs, %d outputs, vrs: every unit 1" % (Xa.shape[1], Ya.shape[1]), str(rows))


# ---- 2. random problems -------------------------------------------------------------
def theta_at(cfg, delta, x0, y0, b0, Xr, Yr, Br, retry=True):
    """The radial input LP at delta; retry=False below delta, where HiGHS's
    second opinion at 1e-7 tolerances would accept outputs 1e-8 out of reach."""
    a = cfg["alpha"]
    return radial(stats, {"orient": "in", "rts": cfg["rts"]}, x0 * delta ** (1 - a), y0 / delta ** a,
                  b0 * delta ** (1 - a), Xr, Yr, Br, retry)


def check_unit(cfg, o, idx, row, X, Y, B):
    """The disagreements of one reported row with HiGHS."""
    args = (X[o], Y[o], B[o], X[idx], Y[idx], B[idx])
    st, th1 = theta_at(cfg, 1.0, *args)
    if row["status"] != st:
        return ["status %s, oracle %s" % (row["status"], st)]
    if st != "ok":
        return []
    delta = float(row["efficiency"])
    if cfg["rts"] == "crs":
        return [] if abs(delta - th1) <= 1e-9 * max(1, th1) else ["%r vs CCR %r" % (delta, th1)]
    if delta == 0:  # alpha 0: delta = theta; else feasible however small (nqpf: below e^-31)
        if cfg["alpha"] == 0:
            return [] if th1 <= 1e-12 else ["delta 0, theta %r" % th1]
        st0, t0 = theta_at(cfg, 1e-13, *args)
        return [] if st0 == "ok" and t0 <= 1 + 1e-10 else ["delta 0 but delta 1e-13 infeasible"]
    bad = []
    st_hi, t_hi = theta_at(cfg, delta * (1 + EPS), *args)
    if not (st_hi == "ok" and t_hi <= 1 + 1e-10):
        bad.append("delta %r: (1 + eps) delta not feasible (%s, %r)" % (delta, st_hi, t_hi))
    st_lo, t_lo = theta_at(cfg, delta * (1 - EPS), *args, retry=False)
    if st_lo == "ok" and t_lo <= 1 + 1e-10:
        bad.append("delta %r: (1 - eps) delta feasible (%r)" % (delta, t_lo))
    return bad + check_targets(row, X, Y, B)


def run_config(cfg, n_prob):
    got = run_random(rng, stats, n_prob, cfg, (3, 14), 0.0, lambda path, m, s, q: run_nqpf(
        path, m, s, q, cfg["rts"], cfg["alpha"], ("--peers", "--targets")), report)
    if not got:
        return
    X, Y, B, per, rows = got
    bad = []
    for k in range(n_prob):
        idx = list(np.nonzero(per == k)[0])
        for o in idx if len(idx) <= 6 else sorted(rng.sample(idx, 6)):
            bad += ["problem %d unit %d: %s" % (k, o, t) for t in check_unit(cfg, o, idx, rows[o], X, Y, B)]
    report(not bad, "%s: %d problems agree" % (cfg["name"], n_prob), "\n".join(bad[:20]))


cfgs = []
for rts in ("crs", "vrs"):
    for alpha in (0.0, 0.3, 0.5, 0.8):
        c = {"rts": rts, "alpha": alpha, "q": rng.choice([0, 0, 1])}
        c["name"] = "gdf %s alpha %g q=%d" % (rts, alpha, c["q"])
        cfgs.append(c)
for cfg in cfgs:
    run_config(cfg, math.ceil(520 / len(cfgs)))
report(stats["problems"] >= 500, "at least 500 random problems (%d, %d oracle LPs, %d asked again without presolve)" %
       (stats["problems"], stats["lps"], len(stats["skipped"])))

# ---- 3. refusals --------------------------------------------------------------------
with tempfile.TemporaryDirectory() as d:
    path = write_panel(d, np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]]), np.zeros((2, 0)))
    for extra, alpha, what in ((("--orient", "out"), 0.5, "no --orient"), (("--super",), 0.5, "no --super"),
                               ((), 1.5, "alpha")):
        r = run_nqpf(path, 1, 1, 0, "vrs", alpha, extra)
        report(r.returncode != 0 and what in r.stderr and r.stdout == "" and r.stderr.startswith("nqpf: "),
               "refused: gdf %s" % " ".join(extra or ("--alpha %g" % alpha,)), r.stderr)
finish()
